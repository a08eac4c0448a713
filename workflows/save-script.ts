// saveScript: saves a script as the next version of `scripts/<name>/` (job type
// `script:<name>`). A script that may write needs the same approval as running it: a dry run on
// the example input shows its plan, a person approves, and only then is the version written.
// Saved after approval, it runs later (start_job, a schedule) without asking again.
import { executeChild, workflowInfo } from '@temporalio/workflow';
import type { RunScriptResult } from '../contracts/run-script';
import { savedScriptPath, type SaveScriptInput, type SaveScriptResult } from '../contracts/save-script';
import { Approval } from './support/approval';
import { storedFileActivities } from './support/files';
import { Progress } from './support/progress';
import { scriptWrites } from './support/script-writes';
import { runScript } from './run-script';

export async function saveScript(input: SaveScriptInput): Promise<SaveScriptResult> {
  const progress = new Progress();
  const approval = new Approval();
  const files = storedFileActivities();
  const stated = scriptWrites(input.script);
  let plan: RunScriptResult['plan'];
  if (input.exampleInput !== undefined) {
    progress.step('dry run on the example input');
    const dry = await executeChild(runScript, {
      workflowId: `${workflowInfo().workflowId}/dry-run`,
      args: [{ script: input.script, input: input.exampleInput, dryRun: true, allowWrites: true, approvalTimeout: input.approvalTimeout, limits: {} }],
    });
    plan = dry.plan ?? [];
  }
  const writes = stated.writes || (plan?.length ?? 0) > 0;
  const content = { name: input.name, description: input.description, script: input.script, inputSchema: input.inputSchema, writes };

  const existing = await files.findSavedScript(content);
  if (existing) {
    progress.step('done', { message: `${input.name} v${existing.version} already holds this script` });
    return { saved: true, name: input.name, version: existing.version, path: savedScriptPath(input.name, existing.version), created: false, writes, plan };
  }

  let decision: SaveScriptResult['approval'];
  if (writes) {
    progress.step('waiting for approval', { message: `saving ${input.name}, a script that writes` });
    decision = await approval.request(approvalSummary(input, stated.because, plan), input.approvalTimeout);
    if (decision.status !== 'approved') return { saved: false, name: input.name, writes, plan, approval: decision };
  }
  progress.step('saving');
  const { saved, path, created } = await files.saveScriptVersion({ ...content, savedAt: new Date().toISOString(), savedBy: input.savedBy });
  progress.step('done', { message: `${saved.name} v${saved.version}` });
  return { saved: true, name: saved.name, version: saved.version, path, created, writes, plan, ...(decision ? { approval: decision } : {}) };
}

/** What a person approves: that the script will run unattended with its writes, and what they are. */
function approvalSummary(input: SaveScriptInput, because: string[], plan: RunScriptResult['plan']): string {
  const planned = plan?.length
    ? `On the example input it would make ${plan.length} write(s):\n${plan.slice(0, 30).map((w, i) => `${i + 1}. ${w.operation} ${JSON.stringify(w.params).slice(0, 200)}`).join('\n')}`
    : 'No example input was given: no dry run.';
  return [
    `Save script \`${input.name}\`: once saved it runs as job type script:${input.name} (and on schedules) without asking again.`,
    `It may write to Looker (${because.join(', ') || 'its dry run planned writes'}). ${planned}`,
    `Script:\n${input.script.slice(0, 2000)}${input.script.length > 2000 ? '\n…' : ''}`,
  ].join('\n');
}
