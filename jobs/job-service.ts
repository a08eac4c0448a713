// The one place that starts and follows jobs over the Temporal client. The MCP server and the
// CLI are thin adapters over it, so both validate, name, tag and report jobs the same way.
// Reading a job back is job-reader.ts, schedules job-schedules.ts, statuses job-status.ts.
import { randomUUID } from 'node:crypto';
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { decideUpdate, type ApprovalDecision, type ApprovalState } from '../contracts/approval';
import { LookerJobState, LookerJobType, LookerPrincipal, LookerTarget, PRINCIPAL_MEMO, type Principal } from '../contracts/job';
import { changeListPath, RECORDS_CHANGES_MEMO } from '../contracts/changes';
import { withApprovalPage } from './approval-page';
import { readJobAudit, type JobAudit } from './job-audit';
import { JOB_TYPES } from './catalog';
import { JobRequestError } from './job-errors';
import { idempotentJobId, refuseChangedInput } from './idempotency';
import { createJobInput } from './job-input';
import { INPUT_FINGERPRINT_MEMO, inputFingerprint } from './input-fingerprint';
import { createJobReader } from './job-reader';
import { failureChain, type JobReport } from './job-report';
import { createJobSchedules, type JobWorkflowOptions } from './job-schedules';
import { JOB_STATUSES, jobStatus, statusOf, type JobStatus } from './job-status';
import type { JobType } from './job-type';
import { visibilityQuery, type JobListFilter } from './job-visibility';
import { compactInputSchemas } from './json-schema';
import { DashboardRef } from './dashboard-ref';
import { OnboardUserInput } from './onboard-user';
import { listedExecution } from './raw-executions';
import { READ_TOOLS } from './read-tools';
import { createReadToolRunner } from './read-tool-runner';
import { createNameChecks } from './name-checks';
import { createStoredFiles } from './stored-files';
import { createSavedScripts, isSavedScriptType, listedJobType } from './saved-scripts';

export { JobInputError, JobRequestError } from './job-errors';
export type { JobAudit } from './job-audit';
export { DEFAULT_WAIT_MS, MAX_WAIT_MS } from './job-reader';
export { failureChain, progressLine, type JobReport, type PendingActivity } from './job-report';
export type { ScheduleRequest, ScheduleSummary } from './job-schedules';
export { endedBadly, JOB_STATUSES, type JobStatus } from './job-status';
export type { JobListFilter } from './job-visibility';

export { idempotentJobId } from './idempotency';
export { MAX_INPUT_BYTES, MAX_INPUT_FILE_BYTES } from './job-input';
export type { WaitOptions } from './read-tool-runner';

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
  /** Present when the job waits for approve_job / reject_job. */
  approval?: true;
  /** JSON Schema of the input, generated from the job's zod schema (`$ref`s point into `$defs`). */
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
  const { validateInput, inputWithFiles } = createJobInput(files);
  const { savedJobTypes, savedJobType } = createSavedScripts(files);
  // A job waiting for approval shows the first items of what it waits to act on; a job that
  // writes names its change list (MCP links it as a resource).
  const withChanges = (report: JobReport): JobReport =>
    knownTypes.find((j) => j.type === report.type)?.writes ? { ...report, changesPath: changeListPath(report.jobId) } : report;
  const getJob = async (jobId: string) => withChanges(await withApprovalPage(await reader.getJob(jobId), files));
  const waitForJob = async (...args: Parameters<typeof reader.waitForJob>) => withChanges(await withApprovalPage(await reader.waitForJob(...args), files));

  /** The writes a job made to Looker (its change list) and the source its queries carry. */
  async function auditJob(jobId: string): Promise<JobAudit> {
    return readJobAudit(files, jobId, await jobTypeOf(jobId));
  }

  function jobType(type: string, catalog: JobType[] = knownTypes): JobType {
    const job = catalog.find((j) => j.type === type);
    if (!job) throw new JobRequestError(`Unknown job type \`${type}\`. Known types: ${catalog.map((j) => j.type).join(', ') || '(none)'}`);
    return job;
  }

  /** A catalog type, or a saved script's (`script:<name>`, its latest version). */
  async function resolveJobType(type: string, catalog: JobType[] = knownTypes): Promise<JobType> {
    return isSavedScriptType(type) ? savedJobType(type) : jobType(type, catalog);
  }

  /** What start and schedule both put on a job's workflow: search attributes, memo and UI summary. */
  function workflowOptions(job: JobType, input: unknown, principal?: Principal): JobWorkflowOptions {
    return {
      taskQueue,
      workflowType: job.workflow?.type ?? job.type,
      args: [job.workflow ? job.workflow.input(input) : input],
      typedSearchAttributes: [
        { key: LookerJobType, value: job.workflow?.type ?? job.type },
        // Search attributes are not encrypted: with encrypted payloads only a saved script's name (no one's data) is kept.
        ...(encryptedPayloads && !job.workflow ? [] : [{ key: LookerTarget, value: job.target(input).slice(0, 1000) }]),
        ...(principal ? [{ key: LookerPrincipal, value: principal.name }] : []),
      ],
      // A job that writes ends by counting its change list into its result (workflows/support/change-summary.ts).
      memo: { ...(principal ? { [PRINCIPAL_MEMO]: principal } : {}), ...(job.writes ? { [RECORDS_CHANGES_MEMO]: true } : {}) },
      staticSummary: job.summary(input),
    };
  }

  /** `principal`: who starts it, kept as the LookerPrincipal search attribute and in the memo. */
  async function startJob(
    request: { type: string; input: unknown; idempotencyKey?: string; principal?: Principal },
    catalog: JobType[] = jobTypes,
  ): Promise<StartedJob> {
    const job = await resolveJobType(request.type, catalog);
    const { checked, input } = await inputWithFiles(job, request.input);
    await checkNames(job, checked);
    const jobId = request.idempotencyKey ? idempotentJobId(job.type, request.idempotencyKey) : `${job.type}-${randomUUID()}`;
    const fingerprint = inputFingerprint(input);
    try {
      const { workflowType, ...options } = workflowOptions(job, checked, request.principal);
      await client.workflow.start(workflowType, {
        ...options,
        args: [job.workflow ? job.workflow.input(input) : input],
        workflowId: jobId,
        memo: { ...options.memo, [INPUT_FINGERPRINT_MEMO]: fingerprint },
        // The same key while the first job runs joins it; after it ended, the start is refused
        // (and answered with the first job below): never a second run for one key.
        workflowIdConflictPolicy: 'USE_EXISTING',
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
      });
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
    const description = await describe(jobId);
    if (request.idempotencyKey) await refuseChangedInput(client, request.idempotencyKey, description, fingerprint);
    const status = statusOf(description);
    return { jobId, runId: description.runId, status, uiUrl: uiUrl(jobId) };
  }

  async function listJobs(filter: JobListFilter = {}, catalog: JobType[] = jobTypes): Promise<{ jobs: JobSummary[]; nextPageToken?: string }> {
    if (filter.status && !JOB_STATUSES.includes(filter.status)) {
      throw new JobRequestError(`Unknown status \`${filter.status}\`. Known statuses: ${JOB_STATUSES.join(', ')}`);
    }
    // A saved script's runs are runScript runs whose target names the script.
    const script = filter.type && isSavedScriptType(filter.type) ? await resolveJobType(filter.type, catalog) : undefined;
    const types = script ? [script.workflow!.type] : filter.type ? [jobType(filter.type, catalog).type] : catalog.map((j) => j.type);
    if (!types.length) return { jobs: [] };
    const response = await client.workflowService.listWorkflowExecutions({
      namespace,
      query: visibilityQuery(taskQueue, types, { ...filter, ...(script ? { target: script.type } : {}) }),
      pageSize: Math.min(Math.max(filter.pageSize ?? 20, 1), 100),
      nextPageToken: filter.pageToken ? Buffer.from(filter.pageToken, 'base64') : undefined,
    });
    const jobs = (response.executions ?? []).map((raw) => {
      const info = listedExecution(raw);
      return {
        jobId: info.workflowId,
        type: listedJobType(info.type, info.keyword(LookerTarget)),
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
   * was decided: the count, the action and the list's files. `by` is the deciding principal: it
   * may not approve a job it started itself unless `allowSelfApproval`.
   */
  async function decide(
    jobId: string,
    decision: ApprovalDecision & { reason: string; by: string },
    { allowSelfApproval = false }: { allowSelfApproval?: boolean } = {},
  ): Promise<JobReport & { decision: ApprovalState }> {
    const description = await describe(jobId);
    const status = statusOf(description);
    if (status !== 'waiting-for-approval') throw new JobRequestError(`Job \`${jobId}\` is not waiting for approval (it is ${status})`);
    const startedBy = description.typedSearchAttributes.get(LookerPrincipal);
    if (decision.approved && !allowSelfApproval && startedBy === decision.by) {
      throw new JobRequestError(
        `Job \`${jobId}\` was started by \`${startedBy}\`, which may not approve it too: an operator approves it (lookerflow approve, the Temporal UI) or another principal does`,
      );
    }
    let decided: ApprovalState;
    try {
      decided = await client.workflow.getHandle(jobId).executeUpdate(decideUpdate, { args: [decision] });
    } catch (error) {
      throw new JobRequestError(`Job \`${jobId}\` did not accept the decision: ${failureChain(error).message}`);
    }
    return { ...(await getJob(jobId)), decision: decided };
  }

  /** The job types with their inputs' JSON Schemas; parts several inputs share are in `$defs`. */
  function describeJobTypes(catalog: JobType[] = jobTypes): { jobTypes: JobTypeDescription[]; $defs: Record<string, unknown> } {
    const { schemas, $defs } = compactInputSchemas(catalog.map((job) => job.input), { dashboard: DashboardRef, user: OnboardUserInput });
    const described = catalog.map((job, i) => ({
      type: job.type,
      purpose: job.purpose,
      writes: job.writes,
      tags: job.tags,
      ...(job.approval ? { approval: true as const } : {}),
      inputSchema: schemas[i],
    }));
    return { jobTypes: described, $defs };
  }

  const { runReadTool } = createReadToolRunner({ client, jobType, validateInput, workflowOptions, uiUrl, getJob, tryQuery });
  const { checkNames } = createNameChecks(runReadTool);
  const schedules = createJobSchedules({ client, jobTypes, resolveJobType, validateInput, workflowOptions, checkNames });

  return {
    taskQueue,
    jobTypes,
    jobType,
    uiUrl,
    describeJobTypes,
    savedJobTypes,
    savedJobType,
    startJob,
    runReadTool,
    jobTypeOf,
    getJob,
    waitForJob,
    listJobs,
    cancelJob,
    decide,
    auditJob,
    files,
    ...schedules,
  };
}
