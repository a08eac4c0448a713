// The one place that starts and follows jobs over the Temporal client. The MCP server and the
// CLI are thin adapters over it, so both validate, name, tag and report jobs the same way.
import { createHash, randomUUID } from 'node:crypto';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type Client, type WorkflowExecutionDescription } from '@temporalio/client';
import type { QueryDefinition } from '@temporalio/common';
import { approvalQuery, decideUpdate, type ApprovalState } from '../workflows/support/approval';
import { progressQuery, type JobProgress } from '../workflows/support/progress';
import { LookerJobState, LookerJobType, LookerTarget } from '../workflows/search-attributes';
import { JOB_TYPES } from './catalog';
import { describeInputIssues, JobInputError, JobRequestError } from './job-errors';
import { createJobSchedules, type JobWorkflowOptions } from './job-schedules';
import type { JobType } from './job-type';
import { jsonSchemaOf } from './json-schema';
import { listedExecution, timestampMs } from './raw-executions';
import { READ_TOOLS } from './read-tools';

export { JobInputError, JobRequestError } from './job-errors';
export type { ScheduleRequest, ScheduleSummary } from './job-schedules';

export const JOB_STATUSES = ['running', 'waiting-for-approval', 'completed', 'failed', 'cancelled', 'timed-out', 'terminated'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/** Larger inputs are refused before validation: no job needs them, and they bloat history. */
export const MAX_INPUT_BYTES = 64 * 1024;
/** Bounds of wait_for_job / `--wait`. */
export const DEFAULT_WAIT_MS = 30_000;
export const MAX_WAIT_MS = 5 * 60_000;
/** How long a progress or approval query may take before get_job reports without it. */
const QUERY_DEADLINE_MS = 3_000;
const PROGRESS_POLL_MS = 1_000;

export interface JobServiceOptions {
  client: Client;
  taskQueue: string;
  /** Temporal UI base URL, e.g. http://localhost:8233. */
  uiBaseUrl: string;
  /** The catalog; defaults to JOB_TYPES. */
  jobTypes?: JobType[];
}

export interface JobTypeDescription {
  type: string;
  purpose: string;
  writes: boolean;
  tags: string[];
  approval: boolean;
  /** JSON Schema of the input, generated from the job's zod schema. */
  inputSchema: Record<string, unknown>;
}

export interface StartedJob {
  jobId: string;
  runId: string;
  status: JobStatus;
  uiUrl: string;
}

export interface PendingActivity {
  activity: string;
  attempt: number;
  state: string;
  lastFailure?: string;
  /** e.g. "retrying in 12 s", when Temporal waits before the next attempt. */
  retry?: string;
}

export interface JobReport {
  jobId: string;
  runId: string;
  type: string;
  target?: string;
  status: JobStatus;
  startedAt?: string;
  closedAt?: string;
  progress?: JobProgress;
  approval?: ApprovalState;
  pendingActivities: PendingActivity[];
  result?: unknown;
  /** The failure, innermost cause first (usually the Looker error), then its wrappers. */
  failure?: { message: string; causes: string[] };
  uiUrl: string;
}

export interface JobListFilter {
  type?: string;
  status?: JobStatus;
  /** ISO timestamps bounding the start time. */
  startedAfter?: string;
  startedBefore?: string;
  pageSize?: number;
  pageToken?: string;
}

export interface JobSummary {
  jobId: string;
  type: string;
  target?: string;
  status: JobStatus;
  startedAt?: string;
  closedAt?: string;
  uiUrl: string;
}

export type JobService = ReturnType<typeof createJobService>;

export function createJobService({ client, taskQueue, uiBaseUrl, jobTypes = JOB_TYPES }: JobServiceOptions) {
  const namespace = client.options.namespace;
  const knownTypes = [...jobTypes, ...READ_TOOLS];
  const uiUrl = (jobId: string) => `${uiBaseUrl}/namespaces/${encodeURIComponent(namespace)}/workflows/${encodeURIComponent(jobId)}`;

  function jobType(type: string, catalog: JobType[] = knownTypes): JobType {
    const job = catalog.find((j) => j.type === type);
    if (!job) throw new JobRequestError(`Unknown job type \`${type}\`. Known types: ${catalog.map((j) => j.type).join(', ') || '(none)'}`);
    return job;
  }

  /** The job's parsed input, or a JobInputError naming each bad field. */
  function validateInput(job: JobType, input: unknown): unknown {
    const bytes = Buffer.byteLength(JSON.stringify(input ?? null));
    if (bytes > MAX_INPUT_BYTES) throw new JobInputError(job.type, [`(input): is ${bytes} bytes; at most ${MAX_INPUT_BYTES} allowed`]);
    const parsed = job.input.safeParse(input ?? {});
    if (!parsed.success) throw new JobInputError(job.type, describeInputIssues(parsed.error));
    return parsed.data;
  }

  /** What start and schedule both put on a job's workflow: search attributes and UI summary. */
  function workflowOptions(job: JobType, input: unknown): JobWorkflowOptions {
    return {
      taskQueue,
      args: [input],
      typedSearchAttributes: [
        { key: LookerJobType, value: job.type },
        { key: LookerTarget, value: job.target(input).slice(0, 1000) },
      ],
      staticSummary: job.summary(input),
    };
  }

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
    let closed = false;
    const outcome = handle.result().then(
      () => (closed = true),
      () => (closed = true),
    );
    for (;;) {
      const description = await describe(jobId);
      const status = statusOf(description);
      if (status !== 'running' || Date.now() >= deadline || signal?.aborted) return report(description);
      if (onProgress) {
        const progress = await tryQuery(jobId, progressQuery);
        if (progress) await onProgress(progress);
      }
      const pause = Math.min(PROGRESS_POLL_MS, Math.max(deadline - Date.now(), 0));
      await Promise.race([outcome, new Promise((resolve) => setTimeout(resolve, pause))]);
      if (closed) return report(await describe(jobId));
    }
  }

  async function startJob(
    request: { type: string; input: unknown; idempotencyKey?: string },
    catalog: JobType[] = jobTypes,
  ): Promise<StartedJob> {
    const job = jobType(request.type, catalog);
    const input = validateInput(job, request.input);
    const jobId = request.idempotencyKey ? idempotentJobId(job.type, request.idempotencyKey) : `${job.type}-${randomUUID()}`;
    try {
      await client.workflow.start(job.type, {
        ...workflowOptions(job, input),
        workflowId: jobId,
        // The same key while the first job runs joins it; after it ended, the start is refused
        // (and answered with the first job below): never a second run for one key.
        workflowIdConflictPolicy: 'USE_EXISTING',
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
      });
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
    const description = await describe(jobId);
    const status = statusOf(description);
    return { jobId, runId: description.runId, status, uiUrl: uiUrl(jobId) };
  }

  /** Runs a read tool as a short workflow and returns its report (with the result when it finished in time). */
  async function runReadTool(type: string, input: unknown, wait: Parameters<typeof waitForJob>[1] = {}): Promise<JobReport> {
    const started = await startJob({ type, input }, READ_TOOLS);
    return waitForJob(started.jobId, { timeoutMs: 60_000, ...wait });
  }

  async function listJobs(filter: JobListFilter = {}, catalog: JobType[] = jobTypes): Promise<{ jobs: JobSummary[]; nextPageToken?: string }> {
    if (filter.status && !JOB_STATUSES.includes(filter.status)) {
      throw new JobRequestError(`Unknown status \`${filter.status}\`. Known statuses: ${JOB_STATUSES.join(', ')}`);
    }
    const types = filter.type ? [jobType(filter.type, catalog).type] : catalog.map((j) => j.type);
    if (!types.length) return { jobs: [] };
    const response = await client.workflowService.listWorkflowExecutions({
      namespace,
      query: visibilityQuery(taskQueue, types, filter),
      pageSize: Math.min(Math.max(filter.pageSize ?? 20, 1), 100),
      nextPageToken: filter.pageToken ? Buffer.from(filter.pageToken, 'base64') : undefined,
    });
    const jobs = (response.executions ?? []).map((raw) => {
      const info = listedExecution(raw);
      return {
        jobId: info.workflowId,
        type: info.type,
        target: info.keyword(LookerTarget),
        status: jobStatus(info.statusName, info.keyword(LookerJobState)),
        startedAt: info.startTime.toISOString(),
        closedAt: info.closeTime?.toISOString(),
        uiUrl: uiUrl(info.workflowId),
      };
    });
    const token = response.nextPageToken?.length ? Buffer.from(response.nextPageToken).toString('base64') : undefined;
    return { jobs, nextPageToken: token };
  }

  /** Requests cancellation; the reason is recorded in the job's history (WorkflowExecutionCancelRequested). */
  async function cancelJob(jobId: string, reason: string, identity = 'lookerflow'): Promise<JobReport> {
    const description = await describe(jobId);
    if (description.status.name !== 'RUNNING') throw new JobRequestError(`Job \`${jobId}\` is already ${jobStatus(description.status.name)}`);
    await client.workflowService.requestCancelWorkflowExecution({
      namespace,
      workflowExecution: { workflowId: jobId, runId: description.runId },
      identity,
      reason,
      requestId: randomUUID(),
    });
    return getJob(jobId);
  }

  /** Approves or rejects a job waiting for approval (the workflow's `decide` update). */
  async function decide(jobId: string, decision: { approved: boolean; reason: string; by: string }): Promise<JobReport> {
    const description = await describe(jobId);
    const status = statusOf(description);
    if (status !== 'waiting-for-approval') throw new JobRequestError(`Job \`${jobId}\` is not waiting for approval (it is ${status})`);
    try {
      await client.workflow.getHandle(jobId).executeUpdate(decideUpdate, { args: [decision] });
    } catch (error) {
      throw new JobRequestError(`Job \`${jobId}\` did not accept the decision: ${failureChain(error).message}`);
    }
    return getJob(jobId);
  }

  function describeJobTypes(catalog: JobType[] = jobTypes): JobTypeDescription[] {
    return catalog.map((job) => ({
      type: job.type,
      purpose: job.purpose,
      writes: job.writes,
      tags: job.tags,
      approval: job.approval ?? false,
      inputSchema: jsonSchemaOf(job.input),
    }));
  }

  const schedules = createJobSchedules({ client, jobTypes, jobType, validateInput, workflowOptions });

  return {
    taskQueue,
    jobTypes,
    jobType,
    uiUrl,
    describeJobTypes,
    startJob,
    runReadTool,
    jobTypeOf,
    getJob,
    waitForJob,
    listJobs,
    cancelJob,
    decide,
    ...schedules,
  };
}

/** Same type + key → same workflow id. Keys are hashed so any text is a valid id. */
export function idempotentJobId(type: string, key: string): string {
  return `${type}-key-${createHash('sha256').update(key).digest('hex').slice(0, 24)}`;
}

/** A job's status: Temporal's, with `waiting-for-approval` read from the LookerJobState search attribute. */
function statusOf(execution: Pick<WorkflowExecutionDescription, 'status' | 'typedSearchAttributes'>): JobStatus {
  return jobStatus(execution.status.name, execution.typedSearchAttributes.get(LookerJobState));
}

function jobStatus(temporalStatus: string | undefined, jobState?: string): JobStatus {
  switch (temporalStatus) {
    case 'RUNNING':
      return jobState === 'waiting-for-approval' ? 'waiting-for-approval' : 'running';
    case 'COMPLETED':
      return 'completed';
    case 'FAILED':
      return 'failed';
    case 'CANCELLED':
      return 'cancelled';
    case 'TIMED_OUT':
      return 'timed-out';
    case 'TERMINATED':
      return 'terminated';
    default:
      // CONTINUED_AS_NEW: the next run carries on.
      return 'running';
  }
}

const TEMPORAL_STATUS: Record<JobStatus, string> = {
  running: 'Running',
  'waiting-for-approval': 'Running',
  completed: 'Completed',
  failed: 'Failed',
  cancelled: 'Canceled',
  'timed-out': 'TimedOut',
  terminated: 'Terminated',
};

function visibilityQuery(taskQueue: string, types: string[], filter: JobListFilter): string {
  const quote = (value: string) => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  const parts = [`TaskQueue = ${quote(taskQueue)}`, `${LookerJobType.name} IN (${types.map(quote).join(', ')})`];
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

/** temporal.api.enums.v1.PendingActivityState by number. */
const PENDING_ACTIVITY_STATES: Record<number, string> = { 1: 'scheduled', 2: 'started', 3: 'cancel-requested', 4: 'paused', 5: 'pause-requested' };

type RawPendingActivity = NonNullable<WorkflowExecutionDescription['raw']['pendingActivities']>[number];

function pendingActivity(raw: RawPendingActivity): PendingActivity {
  const nextAttempt = timestampMs(raw.nextAttemptScheduleTime);
  const activity: PendingActivity = {
    activity: raw.activityType?.name ?? 'unknown',
    attempt: raw.attempt ?? 1,
    state: PENDING_ACTIVITY_STATES[Number(raw.state ?? 1)] ?? 'scheduled',
  };
  if (raw.lastFailure?.message) activity.lastFailure = raw.lastFailure.message;
  if (nextAttempt !== undefined) activity.retry = `retrying in ${Math.max(0, Math.round((nextAttempt - Date.now()) / 1000))} s`;
  return activity;
}

/** One line for people, e.g. `onboarding users (412/1000): jdoe@company.com` (CLI --wait, MCP progress notifications). */
export function progressLine(progress: JobProgress): string {
  const counts = progress.total ? ` (${progress.done}/${progress.total})` : '';
  return `${progress.step}${counts}${progress.message ? `: ${progress.message}` : ''}`;
}

/** The messages of an error and its causes, innermost (the root cause) first. */
export function failureChain(error: unknown): { message: string; causes: string[] } {
  const messages: string[] = [];
  for (let e: unknown = error; e instanceof Error && messages.length < 10; e = e.cause) messages.push(e.message);
  const causes = messages.reverse();
  return { message: causes[0] ?? String(error), causes };
}
