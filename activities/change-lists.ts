// Reads a job's change list (contracts/changes.ts) together with its children's: a job that
// starts children (bulkOnboard's users) keeps their lists in folders under its own. The one
// place that parses and counts change lists, for the job's result (change-summary.ts) and for
// `lookerflow jobs audit` / MCP (the readJobChanges file activity).
import { changeCountKey, changeListPath, type JobChanges, type LookerChange } from '../contracts/changes';
import type { FileStore } from './file-store';

/** Change lists read for one job (its own and its children's). */
const MAX_LISTS = 10_000;

/** Every change of the job and its children, in the order they were made, counted by kind. */
export async function readChangeLists(files: FileStore, jobId: string): Promise<{ changes: LookerChange[] } & Omit<JobChanges, 'changes'>> {
  const path = changeListPath(jobId);
  const folder = path.slice(0, path.lastIndexOf('/'));
  const lists = (await files.list(folder, MAX_LISTS)).filter((file) => file.path.endsWith('/changes.jsonl'));
  const changes: LookerChange[] = [];
  let unreadable = 0;
  for (const list of lists) {
    const text = (await files.read(list.path)).toString('utf8');
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      // A worker killed mid-append leaves a partial line: counted apart, never a failed read.
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
  const outcomeUnknown = changes.filter((change) => change.outcome === 'unknown').length;
  return { path, count: changes.length, counts, changes, ...(outcomeUnknown ? { outcomeUnknown } : {}), ...(unreadable ? { unreadable } : {}) };
}

/** The file activity behind the audit: the counts and the first `limit` changes. */
export function createChangeListActivities({ files }: { files: FileStore }) {
  return {
    async readJobChanges({ jobId, limit }: { jobId: string; limit: number }): Promise<JobChanges> {
      const all = await readChangeLists(files, jobId);
      return { ...all, changes: all.changes.slice(0, Math.max(limit, 0)) };
    },
  };
}
