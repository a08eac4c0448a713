// Counts a job's change list for its result and its Temporal UI details: how many writes of
// each kind, and the first few with a link to each object's page in Looker. A job that starts
// children (bulkOnboard's users) keeps their lists in folders under its own, so they count too.
import { changeCountKey, changeListPath, type ChangeSample, type ChangeSummary, type LookerChange } from '../contracts/changes';
import type { FileStore } from './file-store';

/** Changes a result names; the count covers all of them. */
export const CHANGE_SAMPLE_SIZE = 20;
/** Change lists read for one job (its own and its children's). */
const MAX_LISTS = 10_000;

export function createChangeSummaryActivities({ files, webUrl }: { files: FileStore; webUrl: () => Promise<string> }) {
  return {
    async summarizeChanges({ jobId }: { jobId: string }): Promise<ChangeSummary> {
      const path = changeListPath(jobId);
      const folder = path.slice(0, path.lastIndexOf('/'));
      const lists = (await files.list(folder, MAX_LISTS)).filter((file) => file.path.endsWith('/changes.jsonl'));
      const changes: LookerChange[] = [];
      let unreadable = 0;
      for (const list of lists) {
        const text = (await files.read(list.path)).toString('utf8');
        for (const line of text.split('\n')) {
          if (!line.trim()) continue;
          // A worker killed mid-append leaves a partial line: counted apart, never a failed job.
          try {
            changes.push(JSON.parse(line) as LookerChange);
          } catch {
            unreadable++;
          }
        }
      }
      changes.sort((a, b) => a.at.localeCompare(b.at));
      const counts: Record<string, number> = {};
      for (const change of changes) counts[changeCountKey(change)] = (counts[changeCountKey(change)] ?? 0) + 1;
      const sampled = changes.slice(0, CHANGE_SAMPLE_SIZE);
      // Links are a convenience: a Looker that does not say its web address leaves them out.
      const base = sampled.some((c) => c.page) ? await webUrl().catch(() => undefined) : undefined;
      return { count: changes.length, counts, sample: sampled.map((change) => sampleOf(change, base)), path, ...(unreadable ? { unreadable } : {}) };
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
    ...(name ? { name } : {}),
    ...(base && change.page ? { url: `${base}${change.page}` } : {}),
  };
}
