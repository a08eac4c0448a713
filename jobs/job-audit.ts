// A job's audit trail: the writes it made to Looker (its change list, contracts/changes.ts),
// read from the file store through the engine, and the query tasks it ran carry
// `source = lookerflow:<jobType>:<jobId>` in Looker's System Activity.
import { changeListPath, type LookerChange } from '../contracts/changes';
import { JobRequestError } from './job-errors';
import type { StoredFiles } from './stored-files';

export interface JobAudit {
  jobId: string;
  /** The file holding every change, one JSON line each (lookerflow files get, MCP resource). */
  changesPath: string;
  count: number;
  /**
   * The changes by what they touched, e.g. { "update scheduled_plan": 1 }; writes whose answer
   * was lost count apart, e.g. { "create scheduled_plan (outcome unknown)": 1 }.
   */
  counts: Record<string, number>;
  /** How many of the changes went out with no answer back (outcome unknown), when any did. */
  outcomeUnknown?: number;
  changes: LookerChange[];
  /** Set when only the first `limit` changes are listed. */
  more?: string;
  /** What Looker's System Activity shows as `history.source` for the job's queries. */
  querySource: string;
}

/** Changes a single answer lists; the file holds all of them. */
export const AUDIT_SHOWN = 200;

export async function readJobAudit(files: StoredFiles, jobId: string, jobType: string, limit = AUDIT_SHOWN): Promise<JobAudit> {
  const changesPath = changeListPath(jobId);
  let text = '';
  try {
    text = (await files.read(changesPath, { maxBytes: 64 * 1024 * 1024 })).data.toString('utf8');
  } catch (error) {
    // No file: the job has written nothing (yet).
    if (!(error instanceof JobRequestError && /No file/.test(error.message))) throw error;
  }
  const all = text.split('\n').filter(Boolean).map((line) => JSON.parse(line) as LookerChange);
  const counts: Record<string, number> = {};
  for (const change of all) {
    const key = `${change.action} ${change.type}${change.outcome ? ` (outcome ${change.outcome})` : ''}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  const outcomeUnknown = all.filter((change) => change.outcome === 'unknown').length;
  return {
    jobId,
    changesPath,
    count: all.length,
    counts,
    ...(outcomeUnknown ? { outcomeUnknown } : {}),
    changes: all.slice(0, limit),
    ...(all.length > limit ? { more: `${limit} of ${all.length} shown; all are in ${changesPath}` } : {}),
    querySource: `lookerflow:${jobType}:${jobId}`,
  };
}
