// A job's audit trail: the writes it made to Looker (its change list, contracts/changes.ts),
// read from the file store through the engine, and the query tasks it ran carry
// `source = lookerflow:<jobType>:<jobId>` in Looker's System Activity.
import type { JobChanges } from '../contracts/changes';
import type { StoredFiles } from './stored-files';

export interface JobAudit extends Omit<JobChanges, 'path'> {
  jobId: string;
  /** The file holding the job's own changes, one JSON line each (lookerflow files get, MCP resource); its children's lists sit in folders beside it. */
  changesPath: string;
  /** Set when only the first `limit` changes are listed. */
  more?: string;
  /** What Looker's System Activity shows as `history.source` for the job's queries. */
  querySource: string;
}

/** Changes a single answer lists; the files hold all of them. */
export const AUDIT_SHOWN = 200;

/** The job's changes with its children's (a bulkOnboard's users), as the file activity counts them (activities/change-lists.ts). */
export async function readJobAudit(files: StoredFiles, jobId: string, jobType: string, limit = AUDIT_SHOWN): Promise<JobAudit> {
  const { path, ...changes } = await files.jobChanges(jobId, limit);
  return {
    jobId,
    changesPath: path,
    ...changes,
    ...(changes.count > limit ? { more: `${limit} of ${changes.count} shown; all are in ${path} and its children's folders` } : {}),
    querySource: `lookerflow:${jobType}:${jobId}`,
  };
}
