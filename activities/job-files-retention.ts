// The file store's retention: removes the folder a job wrote (jobs/<jobId>/) once its newest
// file is older than the cut-off, never while the job is open. Whether it is open is asked of
// Temporal (describe by workflow id): the store itself cannot tell a finished job from a
// waiting one. Runs on the files queue: no Looker call.
import { ApplicationFailure, Context } from '@temporalio/activity';
import type { PruneJobFilesResult } from '../contracts/prune-job-files';
import type { FileStore } from './file-store';
import { currentJob } from './job-context';

/** The part of Temporal's WorkflowService this needs; the worker passes its connection's. */
export interface WorkflowDescriber {
  describeWorkflowExecution(request: { namespace: string; execution: { workflowId: string } }): Promise<{ workflowExecutionInfo?: { status?: number | null } | null }>;
}

export interface JobStatusSource {
  workflowService: WorkflowDescriber;
  namespace: string;
}

const RUNNING = 1; // temporal.api.enums.v1.WorkflowExecutionStatus.RUNNING
const NOT_FOUND = 5; // gRPC status: the run is past the namespace's retention
const LISTED = 25;

export interface RemoveOldJobFilesInput {
  /** ISO time: folders whose newest file is older go. */
  before: string;
  dryRun: boolean;
  maxJobs: number;
}

export function createRetentionActivities({ files, jobs }: { files: FileStore; jobs?: JobStatusSource }) {
  async function isOpen(jobId: string): Promise<boolean> {
    if (!jobs) throw ApplicationFailure.nonRetryable('this worker was started without Temporal access for the file retention', 'RetentionUnavailable');
    try {
      const described = await jobs.workflowService.describeWorkflowExecution({ namespace: jobs.namespace, execution: { workflowId: jobId } });
      return described.workflowExecutionInfo?.status === RUNNING;
    } catch (error) {
      if ((error as { code?: number }).code === NOT_FOUND) return false;
      throw error;
    }
  }

  return {
    async removeOldJobFiles({ before, dryRun, maxJobs }: RemoveOldJobFilesInput): Promise<Omit<PruneJobFilesResult, 'before' | 'dryRun'>> {
      const result = { removedJobs: 0, removedFiles: 0, removedBytes: 0, removed: [] as string[], keptOpen: 0, keptRecent: 0, left: 0 };
      const own = currentJob()?.jobId;
      const folders = (await files.folders('jobs')).filter((jobId) => jobId !== own);
      result.left = Math.max(0, folders.length - maxJobs);
      for (const jobId of folders.slice(0, maxJobs)) {
        Context.current().heartbeat(jobId);
        const listed = await files.list(`jobs/${jobId}`, Number.MAX_SAFE_INTEGER);
        if (listed.length && listed[0].modifiedAt >= before) {
          result.keptRecent++;
          continue;
        }
        if (await isOpen(jobId)) {
          result.keptOpen++;
          continue;
        }
        if (!dryRun) await files.removeFolder(`jobs/${jobId}`);
        result.removedJobs++;
        result.removedFiles += listed.length;
        result.removedBytes += listed.reduce((sum, file) => sum + file.bytes, 0);
        if (result.removed.length < LISTED) result.removed.push(jobId);
      }
      return result;
    },
  };
}
