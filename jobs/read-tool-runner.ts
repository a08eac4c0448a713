// Read tools (run_query, describe_explore, ...) as short workflows whose answer is their result:
// started, awaited on the result alone, and reported with progress while they run.
import { randomUUID } from 'node:crypto';
import { WorkflowFailedError, type Client } from '@temporalio/client';
import { CancelledFailure, TerminatedFailure, TimeoutFailure } from '@temporalio/common';
import { progressQuery, type JobProgress } from '../contracts/job';
import { PROGRESS_POLL_MS, type createJobReader } from './job-reader';
import { failureChain, type JobReport } from './job-report';
import type { JobWorkflowOptions } from './job-schedules';
import type { JobType } from './job-type';
import { READ_TOOLS } from './read-tools';

export interface WaitOptions {
  timeoutMs?: number;
  onProgress?: (p: JobProgress) => void | Promise<void>;
  signal?: AbortSignal;
}

interface ReadToolDeps {
  client: Client;
  jobType(type: string, catalog: JobType[]): JobType;
  validateInput(job: JobType, input: unknown): unknown;
  workflowOptions(job: JobType, input: unknown): JobWorkflowOptions;
  uiUrl(jobId: string): string;
  getJob(jobId: string): Promise<JobReport>;
  tryQuery: ReturnType<typeof createJobReader>['tryQuery'];
}

export function createReadToolRunner({ client, jobType, validateInput, workflowOptions, uiUrl, getJob, tryQuery }: ReadToolDeps) {
  /**
   * Runs a read tool as a short workflow and returns its report (with the result when it finished
   * in time). Its answer is its result, so it waits on the result alone: no describe before or
   * after, and no progress query (which would replay the closed workflow on a worker) once done.
   */
  async function runReadTool(type: string, input: unknown, wait: WaitOptions & { executionTimeoutMs?: number } = {}): Promise<JobReport> {
    const job = jobType(type, READ_TOOLS);
    const parsed = validateInput(job, input);
    const jobId = `${job.type}-${randomUUID()}`;
    // A lookup nobody waits for any more (no worker running, say) ends by itself after this.
    const timeout = wait.executionTimeoutMs ? { workflowExecutionTimeout: wait.executionTimeoutMs } : {};
    const { workflowType, ...options } = workflowOptions(job, parsed);
    const handle = await client.workflow.start(workflowType, { ...options, ...timeout, workflowId: jobId });
    const answered = (fields: Pick<JobReport, 'status' | 'result' | 'failure'>): JobReport => ({
      jobId,
      runId: handle.firstExecutionRunId,
      type: job.type,
      target: job.target(parsed),
      closedAt: new Date().toISOString(),
      pendingActivities: [],
      uiUrl: uiUrl(jobId),
      ...fields,
    });
    const stop = new AbortController();
    const gaveUp = new Promise<'gave-up'>((resolve) => {
      const timer = setTimeout(() => resolve('gave-up'), wait.timeoutMs ?? 60_000);
      stop.signal.addEventListener('abort', () => clearTimeout(timer));
      wait.signal?.addEventListener('abort', () => resolve('gave-up'));
    });
    const outcome = client.withAbortSignal(stop.signal, () => handle.result()).then(
      (result: unknown) => answered({ status: 'completed', result }),
      // Cancelled, terminated or timed out: the full report below says which.
      (error: unknown) => (isFailedByItself(error) ? answered({ status: 'failed', failure: failureChain(error) }) : undefined),
    );
    const progress = wait.onProgress ? reportProgress(jobId, wait.onProgress, stop.signal) : undefined;
    try {
      const first = await Promise.race([outcome, gaveUp]);
      if (first !== 'gave-up' && first) return first;
      // Still running (or the wait failed): the full report, with its progress.
      return await getJob(jobId);
    } finally {
      stop.abort();
      await progress;
    }
  }

  /** Tells `onProgress` the job's progress about once a second until `signal` aborts. */
  async function reportProgress(jobId: string, onProgress: WaitOptions['onProgress'], signal: AbortSignal): Promise<void> {
    const pause = () => new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, PROGRESS_POLL_MS);
      signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
    });
    for (await pause(); !signal.aborted; await pause()) {
      const progress = await tryQuery(jobId, progressQuery);
      if (progress && !signal.aborted) await onProgress!(progress);
    }
  }

  return { runReadTool };
}

function isFailedByItself(error: unknown): boolean {
  const cause = error instanceof WorkflowFailedError ? error.cause : undefined;
  return Boolean(cause) && !(cause instanceof CancelledFailure || cause instanceof TerminatedFailure || cause instanceof TimeoutFailure);
}
