import { Context } from '@temporalio/activity';

export interface HarnessActivities {
  fetchText(url: string): Promise<string>;
}

export const harnessActivities: HarnessActivities = {
  /** A real HTTP call that gives up when the activity is cancelled (e.g. worker shutdown). */
  async fetchText(url) {
    const response = await fetch(url, { signal: Context.current().cancellationSignal });
    if (!response.ok) throw new Error(`GET ${url} answered ${response.status}`);
    return response.text();
  },
};
