// pruneJobFiles: one activity on the files queue removes the folders of closed jobs whose files
// are all older than the retention (activities/job-files-retention.ts). A new workflow type,
// so no running job's history changes.
import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { FileActivities } from '../activities/stored-files';
import type { PruneJobFilesInput, PruneJobFilesResult } from '../contracts/prune-job-files';
import { Progress } from './support/progress';
import { filesTaskQueue } from './support/task-queues';

const DAY_MS = 24 * 3600_000;

export async function pruneJobFiles(input: PruneJobFilesInput): Promise<PruneJobFilesResult> {
  const progress = new Progress();
  const before = new Date(Date.now() - input.olderThanDays * DAY_MS).toISOString();
  progress.step('removing old job files', { total: 1, message: `last written before ${before}` });
  const { removeOldJobFiles } = proxyActivities<FileActivities>({
    taskQueue: filesTaskQueue(workflowInfo().taskQueue),
    // A large store takes a while; the heartbeat per folder tells a live run from a lost one.
    startToCloseTimeout: '30m',
    heartbeatTimeout: '1m',
    retry: { initialInterval: '5s', maximumInterval: '1m', maximumAttempts: 5, nonRetryableErrorTypes: ['RetentionUnavailable'] },
  });
  const result = await removeOldJobFiles({ before, dryRun: input.dryRun, maxJobs: input.maxJobs });
  progress.step('done', { total: 1, done: 1, message: `${result.removedJobs} job folder(s) ${input.dryRun ? 'would be ' : ''}removed, ${result.keptOpen} kept open` });
  return { before, dryRun: input.dryRun, ...result };
}
