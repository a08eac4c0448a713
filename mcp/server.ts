// The MCP tools: a thin adapter from MCP calls to the job service. Each tool checks the access
// policy, calls one job-service function and returns its answer as structured content.
// Long jobs are start → id → get/wait, not MCP tasks.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { version } from '../package.json';
import { endedBadly, JOB_STATUSES, MAX_WAIT_MS, type JobService } from '../jobs/job-service';
import type { JobType } from '../jobs/job-type';
import { READ_TOOLS } from '../jobs/read-tools';
import { isSavedScriptType } from '../jobs/saved-scripts';
import { registerFileResources, uploadFile, UploadFileInput } from './files';
import { AccessDenied, checkNotExpired, exposedJobTypes, whyHidden, type AccessPolicy } from './policy';
import { progressNotifier, WAIT_SECONDS, waitSeconds } from './progress';
import { registerReadTools } from './read-tools';
import { registerScheduleTools } from './schedule-tools';
import { registerScriptTools, SCRIPT_JOB_TYPES, type RegisterTool } from './script-tools';
import { createToolRegistry, jobId, reason } from './tool-registry';

export { WAIT_SECONDS, waitSeconds } from './progress';

export interface McpServerOptions {
  jobService: JobService;
  policy: AccessPolicy;
}

export function createMcpServer({ jobService, policy }: McpServerOptions): McpServer {
  const server = new McpServer(
    { name: 'lookerflow', version },
    { instructions: 'Durable Looker jobs. Call list_job_types, then start_job and wait_for_job. Read tools answer directly.' },
  );

  /** Who calls: the jobs it starts and the decisions it makes carry this name. */
  const principal = policy.principal ?? { name: 'mcp' };

  /** The job types this server exposes: the catalog filtered by the policy. */
  const catalog = () => exposedJobTypes(policy, jobService.jobTypes);

  function exposed(type: string): JobType {
    const job = [...jobService.jobTypes, ...READ_TOOLS].find((j) => j.type === type);
    const hidden = job && whyHidden(policy, job);
    // Scripts carry the policy into the job (allowWrites), so any server may follow them.
    if (hidden && !READ_TOOLS.includes(job) && !SCRIPT_JOB_TYPES.includes(job)) throw new AccessDenied(`Access refused: ${hidden}`);
    return jobService.jobType(type, [...catalog(), ...READ_TOOLS, ...SCRIPT_JOB_TYPES]);
  }

  /** Refuses to start a type this server does not expose, a saved script's (`script:<name>`) included. */
  async function startable(type: string): Promise<void> {
    if (!isSavedScriptType(type)) return void exposed(type);
    const hidden = whyHidden(policy, await jobService.savedJobType(type));
    if (hidden) throw new AccessDenied(`Access refused: ${hidden}`);
  }

  /** Refuses jobs whose type this server does not expose. */
  async function checkJob(id: string): Promise<void> {
    exposed(await jobService.jobTypeOf(id));
  }

  const { tool, listed } = createToolRegistry(server, policy);

  // MCP reads destructiveHint and idempotentHint (default false) only when readOnlyHint is false.
  const readOnly = { readOnlyHint: true };

  tool(
    'list_job_types',
    {
      description: 'The jobs you can start: purpose, whether they write, input JSON Schema. Call before start_job.',
      input: {},
      annotations: readOnly,
    },
    // Tags are for access policies, which this server has already applied.
    async () => {
      // Saved scripts are read by a worker: without one, the built-in jobs are still listed.
      const saved = await jobService.savedJobTypes({ timeout: '10s' }).then(
        (types) => ({ types: exposedJobTypes(policy, types) }),
        (error: Error) => ({ types: [], unavailable: `saved scripts (script:<name>) could not be read: ${error.message}` }),
      );
      const { jobTypes, $defs } = jobService.describeJobTypes([...catalog(), ...saved.types]);
      return { jobTypes: jobTypes.map(({ tags: _tags, ...job }) => job), $defs, ...('unavailable' in saved ? { savedScripts: saved.unavailable } : {}) };
    },
  );

  tool(
    'start_job',
    {
      description:
        'Starts a job, returns its jobId at once; follow with wait_for_job. An idempotencyKey makes retries return the same job.',
      input: {
        type: z.string(),
        input: z.record(z.string(), z.unknown()).default({}),
        idempotencyKey: z.string().min(1).optional(),
      },
      annotations: { destructiveHint: true },
    },
    async ({ type, input, idempotencyKey }) => {
      await startable(type);
      return jobService.startJob({ type, input, idempotencyKey, principal }, catalog());
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
      return jobService.cancelJob(jobId, reason, principal.name);
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
          input: { jobId, reason, count: z.number().int().min(0).optional().describe('items you were shown') },
          annotations: { destructiveHint: approved },
        },
        async ({ jobId, reason, count }) => {
          await checkJob(jobId);
          return jobService.decide(jobId, { approved, reason, count, by: principal.name }, { allowSelfApproval: policy.allowSelfApproval });
        },
      );
    }
  }

  registerScheduleTools(tool, { jobService, startable, catalog, principal });

  registerReadTools(tool, jobService);

  if (policy.allowsWrites) {
    tool(
      'upload_file',
      {
        description: 'Stores a file (e.g. a CSV for bulkOnboard csvFile); returns its path (resource lookerflow://files/<path>).',
        input: UploadFileInput,
        annotations: { destructiveHint: false },
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

