// Reads a job back for the job service: describes it, asks its queries with a deadline, and
// builds the report get_job, wait_for_job and `lookerflow status` show.
import { WorkflowNotFoundError, type Client, type WorkflowExecutionDescription } from '@temporalio/client';
import type { QueryDefinition } from '@temporalio/common';
import { approvalQuery } from '../contracts/approval';
import { LookerPrincipal, LookerTarget, progressQuery, type JobProgress } from '../contracts/job';
import { JobRequestError } from './job-errors';
import { failureChain, pendingActivity, type JobReport } from './job-report';
import { statusOf } from './job-status';

/** Bounds of wait_for_job / `--wait`. */
export const DEFAULT_WAIT_MS = 30_000;
export const MAX_WAIT_MS = 5 * 60_000;
/** How long a progress or approval query may take before get_job reports without it. */
const QUERY_DEADLINE_MS = 3_000;
/** How often a waiting caller hears a running job's progress. */
export const PROGRESS_POLL_MS = 1_000;

export function createJobReader({ client, uiUrl }: { client: Client; uiUrl(jobId: string): string }) {
  async function describe(jobId: string): Promise<WorkflowExecutionDescription> {
    try {
      return await client.workflow.getHandle(jobId).describe();
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) throw new JobRequestError(`No job with id \`${jobId}\``);
      throw error;
    }
  }

  /** Runs a query with a deadline, so a job whose worker is down still gets a report. */
  async function tryQuery<T>(jobId: string, query: QueryDefinition<T>): Promise<T | undefined> {
    try {
      return await client.withDeadline(Date.now() + QUERY_DEADLINE_MS, () => client.workflow.getHandle(jobId).query(query));
    } catch {
      return undefined;
    }
  }

  async function report(description: WorkflowExecutionDescription): Promise<JobReport> {
    const { workflowId: jobId, runId } = description;
    const status = statusOf(description);
    const running = status === 'running' || status === 'waiting-for-approval';
    const job: JobReport = {
      jobId,
      runId,
      type: description.type,
      target: description.typedSearchAttributes.get(LookerTarget),
      status,
      startedBy: description.typedSearchAttributes.get(LookerPrincipal),
      startedAt: description.startTime.toISOString(),
      closedAt: description.closeTime?.toISOString(),
      pendingActivities: (description.raw.pendingActivities ?? []).map(pendingActivity),
      uiUrl: uiUrl(jobId),
    };
    if (running || status === 'completed') job.progress = await tryQuery(jobId, progressQuery);
    if (status === 'waiting-for-approval') job.approval = await tryQuery(jobId, approvalQuery);
    if (status === 'completed' || status === 'failed') {
      try {
        job.result = await client.workflow.getHandle(jobId, runId).result();
      } catch (error) {
        job.failure = failureChain(error);
      }
    }
    return job;
  }

  /** The job's type (its workflow type), without querying it. */
  async function jobTypeOf(jobId: string): Promise<string> {
    return (await describe(jobId)).type;
  }

  async function getJob(jobId: string): Promise<JobReport> {
    return report(await describe(jobId));
  }

  /**
   * Waits until the job closes or waits for approval, or `timeoutMs` passes; then reports.
   * `onProgress` hears the progress query about once a second meanwhile.
   */
  async function waitForJob(
    jobId: string,
    { timeoutMs = DEFAULT_WAIT_MS, onProgress, signal }: { timeoutMs?: number; onProgress?: (p: JobProgress) => void | Promise<void>; signal?: AbortSignal } = {},
  ): Promise<JobReport> {
    const deadline = Date.now() + Math.min(Math.max(timeoutMs, 0), MAX_WAIT_MS);
    const handle = client.workflow.getHandle(jobId);
    // result() long-polls the history until the job closes, which for a job waiting for
    // approval may be days: it is aborted when this wait returns, however it returns.
    const stopWaiting = new AbortController();
    let closed = false;
    const outcome = client.withAbortSignal(stopWaiting.signal, () => handle.result()).then(
      () => (closed = true),
      () => (closed = true),
    );
    try {
      for (;;) {
        const description = await describe(jobId);
        const status = statusOf(description);
        if (status !== 'running' || Date.now() >= deadline || signal?.aborted) return await report(description);
        if (onProgress) {
          const progress = await tryQuery(jobId, progressQuery);
          if (progress) await onProgress(progress);
        }
        const pause = Math.min(PROGRESS_POLL_MS, Math.max(deadline - Date.now(), 0));
        await Promise.race([outcome, new Promise((resolve) => setTimeout(resolve, pause))]);
        if (closed) return await report(await describe(jobId));
      }
    } finally {
      stopWaiting.abort();
    }
  }

  return { describe, tryQuery, report, getJob, jobTypeOf, waitForJob };
}
