// The `lookerflow` command (bin/lookerflow.js), spawned like a user runs it, against the real
// worker, dev server and emulator.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { before, describe, it } from 'node:test';
import { waitFor } from '../scripts/wait-for';
import { useTemporal } from './harness';
import { usersWithEmail } from './user-jobs';
import { startLookerStack, type LookerStack } from './stack';
import { workflowCount } from './mcp-helpers';

const stackReady = startLookerStack({ seed: 'demo' });
let stack: LookerStack;
let env: NodeJS.ProcessEnv;
before(async () => {
  stack = await stackReady;
  env = { PATH: process.env.PATH ?? '', TEMPORAL_ADDRESS: (await useTemporal()).address, LOOKERFLOW_TASK_QUEUE: stack.taskQueue };
});

function lookerflow(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [resolve(__dirname, '../bin/lookerflow.js'), ...args], { env, timeout: 120_000 }, (error, stdout, stderr) =>
      done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('lookerflow CLI', () => {
  it('job-types lists every job with whether it writes', async () => {
    const { code, stdout } = await lookerflow('job-types');
    assert.equal(code, 0);
    assert.match(stdout, /^onboardUser\s+writes\s+\[users\]/m);
    assert.match(stdout, /^auditContentAccess\s+reads\s+/m);
    const json = await lookerflow('job-types', '--json');
    assert.ok(JSON.parse(json.stdout).find((j: any) => j.type === 'queryToDashboard').inputSchema.properties.query);
  });

  it('bad input exits 2 with the field named and starts nothing', async () => {
    const before = await workflowCount(stack.client, stack.taskQueue);
    const bad = await lookerflow('start', 'onboardUser', '--input', '{"email":"nope","firstName":"A"}');
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /Invalid input for onboardUser:\n- email: email must be a valid email address\n- lastName: lastName is required/);
    const unknown = await lookerflow('start', 'offboardEveryone', '--input', '{}');
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /Unknown job type `offboardEveryone`/);
    const notJson = await lookerflow('start', 'onboardUser', '--input', '{email');
    assert.equal(notJson.code, 2);
    assert.match(notJson.stderr, /--input is not JSON/);
    assert.equal((await lookerflow('cancel', 'some-job')).code, 2, 'cancel without --reason');
    const badStatus = await lookerflow('jobs', '--status', 'done');
    assert.equal(badStatus.code, 2);
    assert.match(badStatus.stderr, /Unknown status `done`. Known statuses: running, waiting-for-approval, completed/);
    assert.equal((await lookerflow('jobs', '--limit', 'ten')).code, 2, '--limit must be a number');
    const noCommand = await lookerflow();
    assert.equal(noCommand.code, 2);
    assert.match(noCommand.stderr, /^Usage: lookerflow <command>/);
    const help = await lookerflow('--help');
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^Usage: lookerflow <command>/);
    assert.equal(await workflowCount(stack.client, stack.taskQueue), before);
  });

  it('script run --dry-run --wait runs an example script with an input file and prints its plan', async () => {
    const inputFile = join(mkdtempSync(join(tmpdir(), 'lookerflow-cli-')), 'input.json');
    writeFileSync(inputFile, JSON.stringify({ newOwnerId: '1' }));
    const script = resolve(__dirname, '../examples/scripts/orphaned-schedule-rescuer.js');
    const run = await lookerflow('script', 'run', script, '--input', inputFile, '--dry-run', '--wait');
    assert.equal(run.code, 0, run.stderr);
    const report = JSON.parse(run.stdout);
    assert.equal(report.status, 'completed');
    assert.equal(report.result.mode, 'dry-run');
    assert.ok(report.result.plan.length > 0 && report.result.plan.every((w: { operation: string }) => w.operation === 'update_scheduled_plan'));
    const missing = await lookerflow('script', 'run');
    assert.equal(missing.code, 2);
  });

  it('start --wait runs a real onboarding job; status reports it', async () => {
    const email = `cli.${stack.taskQueue}@company.com`;
    const input = JSON.stringify({ email, firstName: 'Cli', lastName: 'User', roles: ['Viewer'] });
    const run = await lookerflow('start', 'onboardUser', '--input', input, '--idempotency-key', `cli-${stack.taskQueue}`, '--wait');
    assert.equal(run.code, 0, run.stderr);
    const report = JSON.parse(run.stdout);
    assert.equal(report.status, 'completed');
    assert.equal(usersWithEmail(stack.emulator, email).length, 1);
    assert.equal(report.result.userId, usersWithEmail(stack.emulator, email)[0].id);

    const status = await lookerflow('status', report.jobId);
    assert.equal(status.code, 0);
    assert.equal(JSON.parse(status.stdout).status, 'completed');
    const listed = await waitFor('the job in `lookerflow jobs`', async () => {
      const { stdout } = await lookerflow('jobs', '--type', 'onboardUser');
      return JSON.parse(stdout).jobs.find((j: { jobId: string }) => j.jobId === report.jobId);
    });
    assert.equal(listed.target, email);
    const missing = await lookerflow('status', 'no-such-job');
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /No job with id `no-such-job`/);
  });

  it('reject and cancel act on a running job and record who and why; approve on a job not waiting is refused', async () => {
    const input = JSON.stringify({ action: 'soft_delete', dryRun: false, requireApproval: true });
    const started = await lookerflow('start', 'archiveStaleContent', '--input', input);
    assert.equal(started.code, 0, started.stderr);
    const { jobId } = JSON.parse(started.stdout);
    await waitFor('the archive run to wait for approval', async () => {
      const { stdout } = await lookerflow('status', jobId);
      return JSON.parse(stdout).status === 'waiting-for-approval' ? true : undefined;
    }, { timeoutMs: 60_000 });
    const trashedBefore = Object.values(stack.emulator.admin.state().dashboards).filter((d) => d.deleted).length;

    const rejected = await lookerflow('reject', jobId, '--reason', 'not this quarter');
    assert.equal(rejected.code, 0, rejected.stderr);
    const done = await waitFor('the rejected run to finish', async () => {
      const report = JSON.parse((await lookerflow('status', jobId)).stdout);
      return report.status === 'completed' ? report : undefined;
    });
    assert.equal(done.result.outcome, 'rejected');
    assert.deepEqual(done.result.decision, { reason: 'not this quarter', by: 'cli' });
    assert.equal(Object.values(stack.emulator.admin.state().dashboards).filter((d) => d.deleted).length, trashedBefore, 'a rejected run trashes nothing');

    const late = await lookerflow('approve', jobId, '--reason', 'too late');
    assert.equal(late.code, 2);
    assert.match(late.stderr, /not waiting for approval/i);

    const second = JSON.parse((await lookerflow('start', 'archiveStaleContent', '--input', input)).stdout);
    await waitFor('the second run to wait for approval', async () => {
      const { stdout } = await lookerflow('status', second.jobId);
      return JSON.parse(stdout).status === 'waiting-for-approval' ? true : undefined;
    }, { timeoutMs: 60_000 });
    const cancelled = await lookerflow('cancel', second.jobId, '--reason', 'wrong instance');
    assert.equal(cancelled.code, 0, cancelled.stderr);
    await waitFor('the run to be cancelled', async () => {
      const { stdout } = await lookerflow('status', second.jobId);
      return JSON.parse(stdout).status === 'cancelled' ? true : undefined;
    });
    const history = await stack.client.workflow.getHandle(second.jobId).fetchHistory();
    const requested = history.events?.find((e) => e.workflowExecutionCancelRequestedEventAttributes);
    assert.equal(requested?.workflowExecutionCancelRequestedEventAttributes?.cause, 'wrong instance', 'the reason is recorded in the history');
    assert.equal(Object.values(stack.emulator.admin.state().dashboards).filter((d) => d.deleted).length, trashedBefore, 'a cancelled run trashes nothing');
  });
});
