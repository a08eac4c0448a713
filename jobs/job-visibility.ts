// The visibility query behind list_jobs / `lookerflow jobs`: the job service's task queue, the
// job types, and the caller's status and start time filters.
import { LookerJobState, LookerJobType, LookerTarget } from '../contracts/job';
import { JobRequestError } from './job-errors';
import { TEMPORAL_STATUS, type JobStatus } from './job-status';

export interface JobListFilter {
  type?: string;
  status?: JobStatus;
  /** ISO timestamps bounding the start time. */
  startedAfter?: string;
  startedBefore?: string;
  pageSize?: number;
  pageToken?: string;
  /** The LookerTarget the jobs carry (a saved script's runs: `script:<name>`). */
  target?: string;
}

export function visibilityQuery(taskQueue: string, types: string[], filter: JobListFilter): string {
  const quote = (value: string) => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  const parts = [`TaskQueue = ${quote(taskQueue)}`, `${LookerJobType.name} IN (${types.map(quote).join(', ')})`];
  if (filter.target) parts.push(`${LookerTarget.name} = ${quote(filter.target)}`);
  if (filter.status) parts.push(`ExecutionStatus = ${quote(TEMPORAL_STATUS[filter.status])}`);
  if (filter.status === 'waiting-for-approval') parts.push(`${LookerJobState.name} = 'waiting-for-approval'`);
  if (filter.startedAfter) parts.push(`StartTime >= ${quote(isoTime(filter.startedAfter, 'startedAfter'))}`);
  if (filter.startedBefore) parts.push(`StartTime <= ${quote(isoTime(filter.startedBefore, 'startedBefore'))}`);
  return parts.join(' AND ');
}

function isoTime(value: string, name: string): string {
  const time = new Date(value);
  if (Number.isNaN(time.getTime())) throw new JobRequestError(`${name}: must be an ISO time such as 2025-01-31T00:00:00Z`);
  return time.toISOString();
}
