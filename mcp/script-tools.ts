// Code mode: search_operations, describe_operation, call_operation and run_script. An agent
// finds Looker operations in the catalogue and writes one script over them; the script runs as
// a durable runScript job (workflows/run-script.ts) followed with get/wait/approve/cancel.
import { z } from 'zod';
import { operationFlags } from '../common/operations/operation-table-lookup';
import { JobRequestError, type JobService } from '../jobs/job-service';
import type { JobType } from '../jobs/job-type';
import { runScriptJob } from '../jobs/run-script';
import { saveScriptJob } from '../jobs/save-script';
import { describeOperation, searchOperations } from './operation-search';
import { AccessDenied, whyHidden, type AccessPolicy } from './policy';

/** The job types the script tools start, readable by get_job / wait_for_job on any server. */
export const SCRIPT_JOB_TYPES: JobType[] = [runScriptJob, saveScriptJob];

type Annotations = { readOnlyHint?: boolean; destructiveHint?: boolean; idempotentHint?: boolean };
export type RegisterTool = (
  name: string,
  config: { description: string; input: z.ZodRawShape; annotations: Annotations },
  run: (args: any, extra: { signal: AbortSignal }) => Promise<object>,
) => void;

// Kept small: tools/list must stay under 8 KB; operationFlags/describeOperation check the id.
const operationId = z.string().optional();

export function registerScriptTools(tool: RegisterTool, { jobService, policy }: { jobService: JobService; policy: AccessPolicy }): void {
  const readOnly = { readOnlyHint: true };

  /** runScript with the server's policy: writes only where this server allows them. */
  function startScript(input: Record<string, unknown>) {
    const hidden = whyHidden({ ...policy, allowsWrites: true }, runScriptJob);
    if (hidden) throw new AccessDenied(`Access refused: ${hidden}`);
    return jobService.startJob({ type: runScriptJob.type, input: { ...input, allowWrites: policy.allowsWrites }, principal: policy.principal ?? { name: 'mcp' } }, SCRIPT_JOB_TYPES);
  }

  tool(
    'search_operations',
    { description: 'Finds Looker operations by keywords.', input: { query: z.string().optional() }, annotations: readOnly },
    async ({ query }) => ({ operations: searchOperations(String(query ?? '').slice(0, 200)) }),
  );

  tool(
    'describe_operation',
    { description: "An operation's parameters, fields, example.", input: { id: operationId }, annotations: readOnly },
    async ({ id }) => {
      const described = describeOperation(String(id ?? ''));
      if (!described) throw new JobRequestError(`no Looker operation \`${id}\` that scripts may call; search_operations finds them`);
      return described;
    },
  );

  tool(
    'call_operation',
    { description: 'Runs a read operation now.', input: { id: operationId, params: z.unknown().optional() }, annotations: readOnly },
    async ({ id, params }, extra) => {
      const flags = operationFlags(String(id ?? ''));
      if (!flags || flags.privileged) throw new JobRequestError(`no Looker operation \`${id}\` that scripts may call; search_operations finds them`);
      if (flags.class !== 'read') throw new JobRequestError(`\`${id}\` changes Looker: call_operation runs reads only; use run_script`);
      const started = await startScript({ script: `return await looker.${id}(input)`, input: params ?? {}, requireApproval: false });
      const report = await jobService.waitForJob(started.jobId, { timeoutMs: 60_000, signal: extra.signal });
      return report.status === 'completed' ? { answer: (report.result as { value?: unknown } | undefined)?.value ?? null } : report;
    },
  );

  tool(
    'run_script',
    {
      description:
        'Runs an async JS body as a job. Globals: looker.<op>(params), looker.query, input, log, progress, sleep, approve, parallel.',
      // A writing script shows its plan for approval unless requireApproval is false; dryRun stops at the plan.
      input: { script: z.string(), input: z.unknown().optional(), dryRun: z.boolean().optional(), requireApproval: z.boolean().optional() },
      // readOnlyHint and idempotentHint default to false.
      annotations: { destructiveHint: true },
    },
    async (args) => startScript(args),
  );

  // Saving is writing (to the store); a script that writes to Looker also waits for approval.
  if (!policy.allowsWrites) return;
  tool(
    'save_script',
    {
      description: 'Saves a script as job type script:<name>; one that writes waits for approval.',
      input: { name: z.string(), script: z.string(), description: z.string().optional(), inputSchema: z.unknown().optional(), exampleInput: z.unknown().optional() },
      annotations: { destructiveHint: false },
    },
    async (args) => {
      const principal = policy.principal ?? { name: 'mcp' };
      return jobService.startJob({ type: saveScriptJob.type, input: { ...args, savedBy: principal.name }, principal }, SCRIPT_JOB_TYPES);
    },
  );
}
