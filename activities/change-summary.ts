// Counts a job's change list, its children's included (change-lists.ts), for its result and its
// Temporal UI details: how many writes of each kind, and the first few with a link to each
// object's page in Looker.
import type { ChangeSample, ChangeSummary, LookerChange } from '../contracts/changes';
import { readChangeLists } from './change-lists';
import type { FileStore } from './file-store';

/** Changes a result names; the count covers all of them. */
export const CHANGE_SAMPLE_SIZE = 20;

export function createChangeSummaryActivities({ files, webUrl }: { files: FileStore; webUrl: () => Promise<string> }) {
  return {
    async summarizeChanges({ jobId }: { jobId: string }): Promise<ChangeSummary> {
      const { changes, ...counted } = await readChangeLists(files, jobId);
      const sampled = changes.slice(0, CHANGE_SAMPLE_SIZE);
      // Links are a convenience: a Looker that does not say its web address leaves them out.
      const base = sampled.some((c) => c.page) ? await webUrl().catch(() => undefined) : undefined;
      return { ...counted, sample: sampled.map((change) => sampleOf(change, base)) };
    },
  };
}

function sampleOf(change: LookerChange, base: string | undefined): ChangeSample {
  const after = (name: string) => change.fields?.[name]?.after;
  const name = [after('title'), after('name')].find((value) => typeof value === 'string' && value) as string | undefined;
  return {
    action: change.action,
    type: change.type,
    ...(change.id ? { id: change.id } : {}),
    ...(change.part ? { part: change.part } : {}),
    ...(change.outcome ? { outcome: change.outcome } : {}),
    ...(name ? { name } : {}),
    ...(base && change.page ? { url: `${base}${change.page}` } : {}),
  };
}
