// runScript: a script over the whole Looker API, interpreted inside this workflow, so it is as
// durable as any job: every Looker call is an activity (retries, 429 backoff, polling), a
// replay answers completed calls from history, and a crash repeats none of them.
//
// With writes and no `requireApproval: false`: a dry run first (reads run, writes are planned),
// then approval of the plan, then the real run, held to the plan. `dryRun` stops after the plan.
import { ApplicationFailure, log, patched, workflowInfo } from '@temporalio/workflow';
import { SCRIPT_LIMITS, type RunScriptInput, type RunScriptResult, type ScriptWrite } from '../contracts/run-script';
import { Approval } from './support/approval';
import { lookerActivities } from './support/looker';
import { Progress } from './support/progress';
import { ScriptCalls, plain, type ScriptMode } from './support/script-calls';
import { SCRIPT_STEPS_PER_LANE, ScriptBudgetError, runInSandbox } from './support/script-sandbox';
import { scriptGlobals } from './support/script-globals';

export async function runScript(input: RunScriptInput): Promise<RunScriptResult> {
  const progress = new Progress();
  const approval = new Approval();
  const limits = {
    maxSteps: input.limits?.maxSteps ?? SCRIPT_LIMITS.maxSteps.default,
    maxCalls: input.limits?.maxCalls ?? SCRIPT_LIMITS.maxCalls.default,
    maxResultBytes: input.limits?.maxResultBytes ?? SCRIPT_LIMITS.maxResultBytes.default,
  };
  const approvalTimeout = input.approvalTimeout ?? '24h';
  const allowWrites = input.allowWrites ?? true;

  const runPhase = async (mode: ScriptMode, approvedPlan?: ScriptWrite[]): Promise<RunScriptResult> => {
    progress.step(mode === 'dry-run' ? 'dry run' : 'running');
    const calls = new ScriptCalls({ mode, allowWrites, maxCalls: limits.maxCalls, approvedPlan });
    const logs: string[] = [];
    const globals = scriptGlobals({ calls, input: input.input, progress, logs, approve: (summary) => askApproval(mode, summary) });
    const run = runInSandbox(input.script, globals, {
      maxSteps: limits.maxSteps,
      maxStringLength: SCRIPT_LIMITS.maxStringLength,
      // Workflow time is fixed within a workflow task: lanes resumed in the same task each get their steps.
      ...(patched(SCRIPT_STEPS_PER_LANE) ? { lanesAdd: { clock: () => Date.now() } } : {}),
    });
    calls.onWaited = run.waited;
    let value: unknown;
    try {
      value = await run.result;
    } catch (error) {
      throw calls.fatal ?? scriptFailure(error, calls);
    }
    if (calls.fatal) throw calls.fatal;
    return {
      mode,
      ...(await bounded(value, limits.maxResultBytes)),
      writes: calls.writes,
      ...(mode === 'dry-run' ? { plan: calls.planned } : {}),
      calls: calls.calls,
      lookerMs: calls.lookerMs,
      steps: run.steps(),
      logs,
    };
  };

  const askApproval = async (mode: ScriptMode, summary: string): Promise<boolean> => {
    if (mode === 'dry-run') return true; // the dry run only plans; the real run asks
    progress.step('waiting for approval', { message: summary });
    const decision = await approval.request(summary, approvalTimeout);
    progress.step('running');
    return decision.status === 'approved';
  };

  if (input.dryRun) return runPhase('dry-run');
  if (input.requireApproval === false) return runPhase('run');

  const dry = await runPhase('dry-run');
  const plan = dry.plan ?? [];
  // Nothing to write: the dry run made every read for real, so it is the run.
  if (plan.length === 0) return { ...dry, mode: 'run', plan: undefined };

  progress.step('waiting for approval', { total: plan.length, message: `${plan.length} write(s) planned` });
  const decision = await approval.request(planSummary(plan), approvalTimeout);
  if (decision.status !== 'approved') {
    log.info('script not run: the plan was not approved', { status: decision.status });
    return { ...dry, approval: decision };
  }
  return { ...(await runPhase('run', plan)), plan, approval: decision };
}

/** The summary a person approves: every planned write, one per line. */
function planSummary(plan: ScriptWrite[]): string {
  const lines = plan.slice(0, 50).map((w, i) => `${i + 1}. ${w.operation} ${JSON.stringify(w.params).slice(0, 300)}`);
  if (plan.length > 50) lines.push(`… and ${plan.length - 50} more (see the job's plan)`);
  return `The script will make ${plan.length} write(s):\n${lines.join('\n')}`;
}

/** The return value inline, or in the file store when larger than the limit. */
async function bounded(value: unknown, maxBytes: number): Promise<Pick<RunScriptResult, 'value' | 'valueRef'>> {
  if (value === undefined) return {};
  const json = JSON.stringify(value) ?? 'null';
  if (new TextEncoder().encode(json).length <= maxBytes) return { value: plain(value) };
  const valueRef = await lookerActivities('idempotentWrite').saveScriptValue({ jobId: workflowInfo().workflowId, json });
  return { valueRef };
}

/** What the job fails with when the script threw: its message, what was done before, and why. */
function scriptFailure(error: unknown, calls: ScriptCalls): ApplicationFailure {
  const budget = error instanceof ScriptBudgetError;
  const message = error instanceof Error ? `${error.name === 'Error' ? '' : `${error.name}: `}${error.message}` : String(error);
  return ApplicationFailure.create({
    type: budget ? 'ScriptBudgetExceeded' : 'ScriptFailed',
    nonRetryable: true,
    message: `${budget ? '' : 'the script threw '}${message}. ${calls.doneSoFar()}`,
    details: [{ writes: calls.writes, calls: calls.calls }],
  });
}

