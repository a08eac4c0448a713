// The file store's retention: removes the folder a job wrote (jobs/<jobId>/) once its newest
// file is older than the cut-off, never while the job is open, and an upload (uploads/<id>/)
// once older than the cut-off, never while an open job names it in its input. Whether a job is
// open, and what its input names, is asked of Temporal (open-job-inputs.ts): the store itself
// cannot tell a finished job from a waiting one. Runs on the files queue: no Looker call.
import { ApplicationFailure, Context } from '@temporalio/activity';
import type { PruneJobFilesResult, PrunedUploads } from '../contracts/prune-job-files';
import { UPLOADS_FOLDER } from '../contracts/stored-files';
import type { FileStore } from './file-store';
import { currentJob } from './job-context';
import { foldersNamedByOpenJobs, type OpenJobInputsSource, type OpenWorkflowReader } from './open-job-inputs';

/** The part of Temporal's WorkflowService this needs; the worker passes its connection's. */
export interface WorkflowDescriber {
  describeWorkflowExecution(request: { namespace: string; execution: { workflowId: string } }): Promise<{ workflowExecutionInfo?: { status?: number | null } | null }>;
}

export interface JobStatusSource extends OpenJobInputsSource {
  workflowService: WorkflowDescriber & OpenWorkflowReader;
}

type StoredListing = Awaited<ReturnType<FileStore['list']>>;

const RUNNING = 1; // temporal.api.enums.v1.WorkflowExecutionStatus.RUNNING
const NOT_FOUND = 5; // gRPC status: the run is past the namespace's retention
const LISTED = 25;

export interface RemoveOldJobFilesInput {
  /** ISO time: folders whose newest file is older go. */
  before: string;
  dryRun: boolean;
  /** Folders looked at per run, of jobs and of uploads each. */
  maxJobs: number;
}

export function createRetentionActivities({ files, jobs }: { files: FileStore; jobs?: JobStatusSource }) {
  function temporal(): JobStatusSource {
    if (!jobs) throw ApplicationFailure.nonRetryable('this worker was started without Temporal access for the file retention', 'RetentionUnavailable');
    return jobs;
  }

  async function isOpen(jobId: string): Promise<boolean> {
    const jobs = temporal();
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
        await removeCounted(`jobs/${jobId}`, listed, dryRun, result);
        result.removedJobs++;
        if (result.removed.length < LISTED) result.removed.push(jobId);
      }
      return { ...result, uploads: await removeOldUploads({ before, dryRun, maxJobs }) };
    },
  };

  /** Removes a folder (unless a dry run) and counts its files and bytes into `tally`. */
  async function removeCounted(path: string, listed: StoredListing, dryRun: boolean, tally: { removedFiles: number; removedBytes: number }): Promise<void> {
    if (!dryRun) await files.removeFolder(path);
    tally.removedFiles += listed.length;
    tally.removedBytes += listed.reduce((sum, file) => sum + file.bytes, 0);
  }

  /** Upload folders whose newest file is older than `before`, but for those an open job names. */
  async function removeOldUploads({ before, dryRun, maxJobs }: RemoveOldJobFilesInput): Promise<PrunedUploads> {
    const result: PrunedUploads = { removed: 0, removedFiles: 0, removedBytes: 0, removedPaths: [], keptNamed: 0, keptRecent: 0, left: 0 };
    const folders = await files.folders(UPLOADS_FOLDER);
    result.left = Math.max(0, folders.length - maxJobs);
    const old: Array<{ path: string; listed: StoredListing }> = [];
    for (const id of folders.slice(0, maxJobs)) {
      Context.current().heartbeat(id);
      const path = `${UPLOADS_FOLDER}/${id}`;
      const listed = await files.list(path, Number.MAX_SAFE_INTEGER);
      // No file yet (an upload being written) counts as recent.
      if (!listed.length || listed[0].modifiedAt >= before) result.keptRecent++;
      else old.push({ path, listed });
    }
    if (!old.length) return result;
    const named = await foldersNamedByOpenJobs(temporal(), old.map(({ path }) => path), currentJob()?.jobId, () => Context.current().heartbeat());
    for (const { path, listed } of old) {
      if (named.has(path)) {
        result.keptNamed++;
        continue;
      }
      await removeCounted(path, listed, dryRun, result);
      result.removed++;
      if (result.removedPaths.length < LISTED) result.removedPaths.push(path);
    }
    return result;
  }
}
