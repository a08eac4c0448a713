// The one place that starts and follows jobs over the Temporal client. The MCP server and the
// CLI are thin adapters over it, so both validate, name, tag and report jobs the same way.
// Reading a job back is job-reader.ts, schedules job-schedules.ts, statuses job-status.ts.
import { createHash, randomUUID } from 'node:crypto';
import { WorkflowExecutionAlreadyStartedError, WorkflowFailedError, type Client, type WorkflowExecutionDescription } from '@temporalio/client';
import { CancelledFailure, TerminatedFailure, TimeoutFailure } from '@temporalio/common';
import { decideUpdate, type ApprovalDecision, type ApprovalState } from '../contracts/approval';
import { LookerJobState, LookerJobType, LookerTarget, progressQuery } from '../contracts/job';
import { withApprovalPage } from './approval-page';
import { JOB_TYPES } from './catalog';
import { describeInputIssues, JobInputError, JobRequestError } from './job-errors';
import { differingFields, INPUT_FINGERPRINT_MEMO, inputFingerprint, isInputFingerprint, type InputFingerprint } from './input-fingerprint';
import { createJobReader, PROGRESS_POLL_MS } from './job-reader';
import { failureChain, type JobReport } from './job-report';
import { createJobSchedules, type JobWorkflowOptions } from './job-schedules';
import { JOB_STATUSES, jobStatus, statusOf, type JobStatus } from './job-status';
import type { JobType } from './job-type';
import { visibilityQuery, type JobListFilter } from './job-visibility';
import { jsonSchemaOf } from './json-schema';
import { listedExecution } from './raw-executions';
import { READ_TOOLS } from './read-tools';
import { checkPath, createStoredFiles } from './stored-files';

export { JobInputError, JobRequestError } from './job-errors';
export { DEFAULT_WAIT_MS, MAX_WAIT_MS } from './job-reader';
export { failureChain, progressLine, type JobReport, type PendingActivity } from './job-report';
export type { ScheduleRequest, ScheduleSummary } from './job-schedules';
export { endedBadly, JOB_STATUSES, type JobStatus } from './job-status';
export type { JobListFilter } from './job-visibility';

/**
 * Larger inputs are refused before validation: they bloat history. A larger list travels by
 * reference instead: a file uploaded to the file store (e.g. bulkOnboard's `csvFile`).
 */
export const MAX_INPUT_BYTES = 64 * 1024;
/** The largest file an input may reference (a 10,000-user CSV is about 700 KB). */
export const MAX_INPUT_FILE_BYTES = 1024 * 1024;

export interface JobServiceOptions {
  client: Client;
  taskQueue: string;
  /** Temporal UI base URL, e.g. http://localhost:8233. */
  uiBaseUrl: string;
  /** The catalog; defaults to JOB_TYPES. */
  jobTypes?: JobType[];
  /**
   * Payloads are encrypted: the target (an email, a name) stays out of the LookerTarget search
   * attribute, which Temporal keeps in plaintext; the job's encrypted summary still names it.
   */
  encryptedPayloads?: boolean;
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

export function createJobService({ client, taskQueue, uiBaseUrl, jobTypes = JOB_TYPES, encryptedPayloads = false }: JobServiceOptions) {
  const namespace = client.options.namespace;
  const knownTypes = [...jobTypes, ...READ_TOOLS];
  const uiUrl = (jobId: string) => `${uiBaseUrl}/namespaces/${encodeURIComponent(namespace)}/workflows/${encodeURIComponent(jobId)}`;
  const reader = createJobReader({ client, uiUrl });
  const { describe, jobTypeOf, tryQuery } = reader;
  const files = createStoredFiles({ client, taskQueue });
  // A job waiting for approval shows the first items of what it waits to act on.
  const getJob = async (jobId: string) => withApprovalPage(await reader.getJob(jobId), files);
  const waitForJob = async (...args: Parameters<typeof reader.waitForJob>) => withApprovalPage(await reader.waitForJob(...args), files);

  function jobType(type: string, catalog: JobType[] = knownTypes): JobType {
    const job = catalog.find((j) => j.type === type);
    if (!job) throw new JobRequestError(`Unknown job type \`${type}\`. Known types: ${catalog.map((j) => j.type).join(', ') || '(none)'}`);
    return job;
  }

  /** The job's parsed input, or a JobInputError naming each bad field. */
  function validateInput(job: JobType, input: unknown, maxBytes = MAX_INPUT_BYTES): unknown {
    const bytes = Buffer.byteLength(JSON.stringify(input ?? null));
    if (bytes > maxBytes) {
      const byFile = Object.keys(job.inputFiles ?? {});
      const hint = byFile.length ? `; upload a large list and pass it as ${byFile.join(' or ')}` : '';
      throw new JobInputError(job.type, [`(input): is ${bytes} bytes; at most ${maxBytes} allowed${hint}`]);
    }
    const parsed = job.input.safeParse(input ?? {});
    if (!parsed.success) throw new JobInputError(job.type, describeInputIssues(parsed.error, job.inputRowLists));
    return parsed.data;
  }

  /**
   * The input to start with, and the same with every referenced file read in (`checked`), which
   * is what is validated, so a bad row in an uploaded CSV is refused before anything starts.
   */
  async function inputWithFiles(job: JobType, raw: unknown): Promise<{ checked: unknown; input: unknown }> {
    const given = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
    const refs = Object.entries(job.inputFiles ?? {}).filter(([ref]) => given[ref] !== undefined);
    if (!refs.length) {
      const parsed = validateInput(job, raw);
      return { checked: parsed, input: parsed };
    }
    validateInput(job, raw);
    const inlined: Record<string, unknown> = { ...given };
    const problems: string[] = [];
    for (const [ref, inline] of refs) {
      delete inlined[ref];
      if (given[inline] !== undefined) problems.push(`${ref}: give ${inline} or ${ref}, not both`);
      else inlined[inline] = await fileText(ref, given[ref]).catch((error: Error) => void problems.push(error.message));
    }
    if (problems.length) throw new JobInputError(job.type, problems);
    const checked = validateInput(job, inlined, MAX_INPUT_FILE_BYTES + MAX_INPUT_BYTES) as Record<string, unknown>;
    const input = { ...checked };
    for (const [ref, inline] of refs) {
      delete input[inline];
      input[ref] = given[ref];
    }
    return { checked, input };
  }

  async function fileText(field: string, path: unknown): Promise<string> {
    try {
      if (typeof path !== 'string') throw new JobRequestError('must be a file store path (from `lookerflow files put` or upload_file)');
      return (await files.read(checkPath(path), { maxBytes: MAX_INPUT_FILE_BYTES })).data.toString('utf8');
    } catch (error) {
      if (error instanceof JobRequestError) throw new Error(`${field}: ${error.message}`);
      throw error;
    }
  }

  /** What start and schedule both put on a job's workflow: search attributes and UI summary. */
  function workflowOptions(job: JobType, input: unknown): JobWorkflowOptions {
    return {
      taskQueue,
      args: [input],
      typedSearchAttributes: [
        { key: LookerJobType, value: job.type },
        ...(encryptedPayloads ? [] : [{ key: LookerTarget, value: job.target(input).slice(0, 1000) }]),
      ],
      staticSummary: job.summary(input),
    };
  }

  async function startJob(
    request: { type: string; input: unknown; idempotencyKey?: string },
    catalog: JobType[] = jobTypes,
  ): Promise<StartedJob> {
    const job = jobType(request.type, catalog);
    const { checked, input } = await inputWithFiles(job, request.input);
    const jobId = request.idempotencyKey ? idempotentJobId(job.type, request.idempotencyKey) : `${job.type}-${randomUUID()}`;
    const fingerprint = inputFingerprint(input);
    try {
      await client.workflow.start(job.type, {
        ...workflowOptions(job, checked),
        args: [input],
        workflowId: jobId,
        memo: { [INPUT_FINGERPRINT_MEMO]: fingerprint },
        // The same key while the first job runs joins it; after it ended, the start is refused
        // (and answered with the first job below): never a second run for one key.
        workflowIdConflictPolicy: 'USE_EXISTING',
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
      });
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
    const description = await describe(jobId);
    if (request.idempotencyKey) await refuseChangedInput(request.idempotencyKey, description, fingerprint);
    const status = statusOf(description);
    return { jobId, runId: description.runId, status, uiUrl: uiUrl(jobId) };
  }

  /**
   * A key names one job for one input: the same key with another input would silently answer
   * with a job that does something else. Jobs started before fingerprints existed are accepted.
   */
  async function refuseChangedInput(key: string, description: WorkflowExecutionDescription, fingerprint: InputFingerprint): Promise<void> {
    const first = await firstFingerprint(description);
    if (!first || first.hash === fingerprint.hash) return;
    const fields = differingFields(first, fingerprint).map((name) => name || '(input)');
    throw new JobRequestError(
      `Idempotency key \`${key}\` was first used for job \`${description.workflowId}\` with a different input: it differs in ${fields.join(', ')}. ` +
        'Use a new key to start another job, or the first input to follow that job.',
    );
  }

  /** The fingerprint the job was started with; a run continued as new may not carry the memo, its first run does. */
  async function firstFingerprint(description: WorkflowExecutionDescription): Promise<InputFingerprint | undefined> {
    const current = description.memo?.[INPUT_FINGERPRINT_MEMO];
    if (isInputFingerprint(current)) return current;
    const firstRunId = description.raw.workflowExecutionInfo?.firstRunId;
    if (!firstRunId || firstRunId === description.runId) return undefined;
    const first = await client.workflow.getHandle(description.workflowId, firstRunId).describe();
    const memo = first.memo?.[INPUT_FINGERPRINT_MEMO];
    return isInputFingerprint(memo) ? memo : undefined;
  }

  /**
   * Runs a read tool as a short workflow and returns its report (with the result when it finished
   * in time). Its answer is its result, so it waits on the result alone: no describe before or
   * after, and no progress query (which would replay the closed workflow on a worker) once done.
   */
  async function runReadTool(type: string, input: unknown, wait: Parameters<typeof waitForJob>[1] = {}): Promise<JobReport> {
    const job = jobType(type, READ_TOOLS);
    const parsed = validateInput(job, input);
    const jobId = `${job.type}-${randomUUID()}`;
    const handle = await client.workflow.start(job.type, { ...workflowOptions(job, parsed), workflowId: jobId });
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
  async function reportProgress(jobId: string, onProgress: NonNullable<Parameters<typeof waitForJob>[1]>['onProgress'], signal: AbortSignal): Promise<void> {
    const pause = () => new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, PROGRESS_POLL_MS);
      signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
    });
    for (await pause(); !signal.aborted; await pause()) {
      const progress = await tryQuery(jobId, progressQuery);
      if (progress && !signal.aborted) await onProgress!(progress);
    }
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

  /**
   * Approves or rejects a job waiting for approval (the workflow's `decide` update). With `count`,
   * the job refuses unless its list holds that many items. The answer's `decision` names what
   * was decided: the count, the action and the list's files.
   */
  async function decide(jobId: string, decision: ApprovalDecision & { reason: string; by: string }): Promise<JobReport & { decision: ApprovalState }> {
    const description = await describe(jobId);
    const status = statusOf(description);
    if (status !== 'waiting-for-approval') throw new JobRequestError(`Job \`${jobId}\` is not waiting for approval (it is ${status})`);
    let decided: ApprovalState;
    try {
      decided = await client.workflow.getHandle(jobId).executeUpdate(decideUpdate, { args: [decision] });
    } catch (error) {
      throw new JobRequestError(`Job \`${jobId}\` did not accept the decision: ${failureChain(error).message}`);
    }
    return { ...(await getJob(jobId)), decision: decided };
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
    files,
    ...schedules,
  };
}

function isFailedByItself(error: unknown): boolean {
  const cause = error instanceof WorkflowFailedError ? error.cause : undefined;
  return Boolean(cause) && !(cause instanceof CancelledFailure || cause instanceof TerminatedFailure || cause instanceof TimeoutFailure);
}

/** Same type + key → same workflow id. Keys are hashed so any text is a valid id. */
export function idempotentJobId(type: string, key: string): string {
  return `${type}-key-${createHash('sha256').update(key).digest('hex').slice(0, 24)}`;
}
