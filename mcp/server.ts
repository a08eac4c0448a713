// The MCP tools: a thin adapter from MCP calls to the job service. Each tool checks the access
// policy, calls one job-service function and returns its answer as structured content.
// Long jobs are start → id → get/wait, not MCP tasks.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { ListToolsRequestSchema, type CallToolResult, type ServerNotification, type ServerRequest, type Tool } from '@modelcontextprotocol/sdk/types.js';
import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import { z } from 'zod';
import { version } from '../package.json';
import { cronExpression } from '../jobs/cron';
import { timeZone } from '../jobs/time-zone';
import { endedBadly, JobRequestError, JOB_STATUSES, MAX_WAIT_MS, progressLine, type JobService } from '../jobs/job-service';
import type { JobType } from '../jobs/job-type';
import { jsonSchemaOf } from '../jobs/json-schema';
import { DescribeExploreInput, ListLookmlModelsInput, READ_TOOLS, RunInlineQueryInput, SearchContentInput } from '../jobs/read-tools';
import type { JobProgress } from '../contracts/job';
import { fileLinks, registerFileResources, uploadFile, UploadFileInput } from './files';
import { AccessDenied, checkNotExpired, exposedJobTypes, whyHidden, type AccessPolicy } from './policy';
import { registerScriptTools, SCRIPT_JOB_TYPES, type RegisterTool } from './script-tools';

export interface McpServerOptions {
  jobService: JobService;
  policy: AccessPolicy;
}

type Extra = RequestHandlerExtra<ServerRequest, ServerNotification>;

// Kept small: every schema here is part of each tools/list answer, which must stay under 8 KB.
const jobId = z.string().min(1);
const reason = z.string().min(1, 'say why').max(1000).describe('kept in the history');
const scheduleId = z.string().min(1);

/** What start_job, get_job and wait_for_job all answer with (a job report has more). */

export function createMcpServer({ jobService, policy }: McpServerOptions): McpServer {
  const server = new McpServer(
    { name: 'lookerflow', version },
    { instructions: 'Durable Looker jobs. Call list_job_types, then start_job and wait_for_job. Read tools answer directly.' },
  );

  /** The job types this server exposes: the catalog filtered by the policy. */
  const catalog = () => exposedJobTypes(policy, jobService.jobTypes);

  function exposed(type: string): JobType {
    const job = [...jobService.jobTypes, ...READ_TOOLS].find((j) => j.type === type);
    const hidden = job && whyHidden(policy, job);
    // Scripts carry the policy into the job (allowWrites), so any server may follow them.
    if (hidden && !READ_TOOLS.includes(job) && !SCRIPT_JOB_TYPES.includes(job)) throw new AccessDenied(`Access refused: ${hidden}`);
    return jobService.jobType(type, [...catalog(), ...READ_TOOLS, ...SCRIPT_JOB_TYPES]);
  }

  /** Refuses jobs whose type this server does not expose. */
  async function checkJob(id: string): Promise<void> {
    exposed(await jobService.jobTypeOf(id));
  }

  /** What tools/list answers (see the end of this function). */
  const listed: Tool[] = [];

  /** Registers a tool whose handler returns a plain object; policy and errors handled here. */
  function tool<Shape extends z.ZodRawShape | z.ZodType>(
    name: string,
    config: {
      description: string;
      input: Shape;
      output?: z.ZodType;
      annotations: { readOnlyHint?: boolean; destructiveHint?: boolean; idempotentHint?: boolean };
      /** An answer that is still an error for the caller (e.g. a failed job): structured, with isError. */
      isError?: (result: object) => boolean;
    },
    run: (args: Shape extends z.ZodRawShape ? z.infer<z.ZodObject<Shape>> : z.infer<Shape>, extra: Extra) => Promise<object>,
  ): void {
    server.registerTool(
      name,
      {
        description: config.description,
        inputSchema: config.input,
        ...(config.output ? { outputSchema: config.output } : {}),
        annotations: config.annotations,
      },
      (async (args: never, extra: Extra): Promise<CallToolResult> => {
        try {
          checkNotExpired(policy);
          const result = await run(args, extra);
          // Files the answer names (a render, a report) come as links to lookerflow://files/ resources.
          const answer: CallToolResult = { content: [{ type: 'text', text: JSON.stringify(result) }, ...fileLinks(result)], structuredContent: result as Record<string, unknown> };
          return config.isError?.(result) ? { ...answer, isError: true } : answer;
        } catch (error) {
          if (error instanceof JobRequestError || error instanceof AccessDenied) return toolError(error.message);
          return toolError(`lookerflow could not do that: ${error instanceof Error ? error.message : String(error)}`);
        }
      }) as never,
    );
    const input = config.input instanceof z.ZodType ? config.input : z.object(config.input);
    listed.push({
      name,
      description: config.description,
      inputSchema: jsonSchemaOf(input) as Tool['inputSchema'],
      ...(config.output ? { outputSchema: jsonSchemaOf(config.output, 'output') as Tool['outputSchema'] } : {}),
      annotations: config.annotations,
    });
  }

  // MCP reads destructiveHint and idempotentHint only when readOnlyHint is false.
  const readOnly = { readOnlyHint: true };

  tool(
    'list_job_types',
    {
      description: 'The jobs you can start: purpose, whether they write, tags, input JSON Schema. Call before start_job.',
      input: {},
      annotations: readOnly,
    },
    async () => ({ jobTypes: jobService.describeJobTypes(catalog()) }),
  );

  tool(
    'start_job',
    {
      description:
        'Starts a job, returns its jobId at once; follow with wait_for_job. An idempotencyKey makes retries return the same job.',
      input: {
        type: z.string().min(1).max(200),
        input: z.record(z.string(), z.unknown()).default({}),
        idempotencyKey: z.string().min(1).optional(),
      },
      annotations: { destructiveHint: true, idempotentHint: false },
    },
    async ({ type, input, idempotencyKey }) => {
      exposed(type);
      return jobService.startJob({ type, input, idempotencyKey }, catalog());
    },
  );

  tool(
    'get_job',
    {
      description: "A job now: status, progress, retrying calls, result or failure, UI link.",
      input: { jobId },
      annotations: readOnly,
    },
    async ({ jobId }) => {
      await checkJob(jobId);
      return jobService.getJob(jobId);
    },
  );

  tool(
    'wait_for_job',
    {
      description: `Waits until a job ends or needs approval (isError if it failed). timeoutSeconds ≤ ${WAIT_SECONDS.withoutProgress} (default ${WAIT_SECONDS.default}); with a progressToken ≤ ${MAX_WAIT_MS / 1000}, progress resets your timeout.`,
      input: { jobId, timeoutSeconds: z.number().int().min(1).max(MAX_WAIT_MS / 1000).optional() },
      annotations: readOnly,
      isError: (report) => endedBadly((report as { status: string }).status),
    },
    async ({ jobId, timeoutSeconds }, extra) => {
      await checkJob(jobId);
      const seconds = waitSeconds(timeoutSeconds, extra._meta?.progressToken !== undefined);
      return jobService.waitForJob(jobId, { timeoutMs: seconds * 1000, onProgress: progressNotifier(extra), signal: extra.signal });
    },
  );

  tool(
    'list_jobs',
    {
      description: 'Recent jobs, newest first, by type, status, start window; pass nextPageToken back for more.',
      input: {
        type: z.string().optional(),
        status: z.enum(JOB_STATUSES).optional(),
        startedAfter: z.string().optional().describe('ISO time'),
        startedBefore: z.string().optional().describe('ISO time'),
        pageSize: z.number().int().min(1).max(100).default(20),
        pageToken: z.string().optional(),
      },
      annotations: readOnly,
    },
    async (filter) => jobService.listJobs(filter, catalog()),
  );

  tool(
    'cancel_job',
    { description: 'Cancels a running job; steps already done stay done.', input: { jobId, reason }, annotations: { destructiveHint: true } },
    async ({ jobId, reason }) => {
      await checkJob(jobId);
      return jobService.cancelJob(jobId, reason, 'mcp');
    },
  );

  if (policy.allowsWrites) {
    for (const approved of [true, false]) {
      tool(
        approved ? 'approve_job' : 'reject_job',
        {
          description: approved
            ? 'Approves a waiting job, only on the user’s explicit say-so.'
            : 'Rejects a waiting job; it ends without changing Looker.',
          input: { jobId, reason, count: z.number().int().min(0).max(1e9).optional().describe('items you were shown') },
          annotations: { destructiveHint: approved, idempotentHint: false },
        },
        async ({ jobId, reason, count }) => {
          await checkJob(jobId);
          return jobService.decide(jobId, { approved, reason, count, by: 'mcp' });
        },
      );
    }
  }

  tool(
    'create_schedule',
    {
      description: 'Runs a job on a cron, e.g. "0 6 * * MON", timezone "Europe/Berlin".',
      input: {
        scheduleId: scheduleId.optional(),
        type: z.string().min(1).max(200),
        input: z.record(z.string(), z.unknown()).default({}),
        cron: cronExpression('cron'),
        timezone: timeZone('timezone').optional(),
        paused: z.boolean().default(false),
      },
      annotations: { destructiveHint: false, idempotentHint: false },
    },
    async (request) => {
      exposed(request.type);
      return jobService.createSchedule(request, catalog());
    },
  );

  tool(
    'list_schedules',
    { description: 'Lists job schedules with their next runs and recent jobs.', input: {}, annotations: readOnly },
    async () => ({ schedules: await jobService.listSchedules(catalog()) }),
  );

  const checkSchedule = async (id: string) => {
    const type = await jobService.scheduleJobType(id);
    if (!type) throw new AccessDenied(`Access refused: schedule \`${id}\` does not start a lookerflow job`);
    exposed(type);
  };

  for (const paused of [true, false]) {
    tool(
      paused ? 'pause_schedule' : 'unpause_schedule',
      { description: paused ? 'Pauses a schedule.' : 'Resumes a paused schedule.', input: { scheduleId, reason }, annotations: { idempotentHint: true } },
      async ({ scheduleId, reason }) => {
        await checkSchedule(scheduleId);
        return jobService.setSchedulePaused(scheduleId, paused, reason);
      },
    );
  }

  tool(
    'delete_schedule',
    { description: 'Deletes a schedule; jobs it already started go on.', input: { scheduleId }, annotations: { destructiveHint: true } },
    async ({ scheduleId }) => {
      await checkSchedule(scheduleId);
      await jobService.deleteSchedule(scheduleId);
      return { scheduleId, deleted: true };
    },
  );

  // Read tools: answered through short read-only jobs; a long query returns a jobId to wait on.
  const readTool = (type: string) => async (input: unknown, extra: Extra) => {
    const job = await jobService.runReadTool(type, input, { onProgress: progressNotifier(extra), signal: extra.signal });
    if (job.status === 'completed') return job.result as object;
    if (job.status === 'failed') throw new JobRequestError(job.failure?.message ?? 'the lookup failed');
    return { jobId: job.jobId, status: job.status, note: 'still running; call wait_for_job with this jobId', uiUrl: job.uiUrl };
  };

  tool('list_models', { description: 'Lists LookML models and their explores.', input: ListLookmlModelsInput, annotations: readOnly }, readTool('listLookmlModels'));
  tool(
    'describe_explore',
    { description: 'An explore’s fields (name, label, type, description), for run_query.', input: DescribeExploreInput, annotations: readOnly },
    readTool('describeExplore'),
  );
  tool(
    'run_query',
    {
      description: 'Runs a query on an explore, returns rows; unknown fields are refused with the closest real ones.',
      input: RunInlineQueryInput,
      annotations: readOnly,
    },
    readTool('runInlineQuery'),
  );
  tool(
    'search_content',
    { description: 'Dashboards and Looks by title (partial) or folder id.', input: SearchContentInput, annotations: readOnly },
    readTool('searchContent'),
  );

  if (policy.allowsWrites) {
    tool(
      'upload_file',
      {
        description: 'Stores a file (e.g. a CSV for bulkOnboard csvFile); returns its path (resource lookerflow://files/<path>).',
        input: UploadFileInput,
        annotations: { destructiveHint: false, idempotentHint: false },
      },
      async (input) => uploadFile(jobService, input),
    );
  }
  registerFileResources(server, jobService, {
    checkPolicy: () => checkNotExpired(policy),
    checkJob,
    typeExposed: (type) => [...catalog(), ...READ_TOOLS].some((j) => j.type === type),
  });
  registerScriptTools(tool as RegisterTool, { jobService, policy });

  // The SDK's own tools/list repeats a `$schema` line and `execution` defaults in every tool;
  // this answers the same tools without them, which keeps an agent's context small (< 8 KB).
  server.server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: listed }));

  return server;
}

/**
 * Common MCP clients give a tool call 60 s: a wait stays below that, unless the client sent a
 * progress token (progress notifications, about one a second, let it reset its timeout).
 */
export const WAIT_SECONDS = { default: 45, withoutProgress: 55 } as const;

export function waitSeconds(requested: number | undefined, hasProgressToken: boolean): number {
  const seconds = requested ?? WAIT_SECONDS.default;
  return hasProgressToken ? seconds : Math.min(seconds, WAIT_SECONDS.withoutProgress);
}

function toolError(message: string): CallToolResult {
  return { content: [{ type: 'text', text: message }], isError: true };
}

/** Sends MCP progress notifications while a job runs, when the client asked for them. */
function progressNotifier(extra: Extra): ((progress: JobProgress) => Promise<void>) | undefined {
  const progressToken = extra._meta?.progressToken;
  if (progressToken === undefined) return undefined;
  let count = 0;
  return async (progress) => {
    // MCP wants `progress` to grow with each notification; the job's own counts go in the message.
    await extra
      .sendNotification({ method: 'notifications/progress', params: { progressToken, progress: ++count, message: progressLine(progress) } })
      .catch(() => undefined);
  };
}
