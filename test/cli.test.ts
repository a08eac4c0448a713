// The `lookerflow` command (bin/lookerflow.js), spawned like a user runs it, against the real
// worker, dev server and emulator.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { before, describe, it } from 'node:test';
import { operatorPrincipal } from '../cli/operator';
import { waitFor } from '../scripts/wait-for';
import { useTemporal } from './harness';
import { usersWithEmail } from './user-jobs';
import { startLookerStack, type LookerStack } from './stack';
import { revenueScenario, workflowCount } from './mcp-helpers';

const stackReady = startLookerStack({ seed: 'demo' });
let stack: LookerStack;
let env: NodeJS.ProcessEnv;
before(async () => {
  stack = await stackReady;
  env = { PATH: process.env.PATH ?? '', TEMPORAL_ADDRESS: (await useTemporal()).address, LOOKERFLOW_TASK_QUEUE: stack.taskQueue };
});

function lookerflow(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return run(args);
}

/** Runs `lookerflow` as a script would: no terminal, optional stdin, its own environment. */
function run(args: string[], { stdin, runEnv = env }: { stdin?: string; runEnv?: NodeJS.ProcessEnv } = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = execFile(process.execPath, [resolve(__dirname, '../bin/lookerflow.js'), ...args], { env: runEnv, timeout: 120_000 }, (error, stdout, stderr) =>
      done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
    child.stdin?.end(stdin ?? '');
  });
}

describe('lookerflow CLI', () => {
  it('job-types lists every job with whether it writes', async () => {
    const { code, stdout } = await lookerflow('job-types');
    assert.equal(code, 0);
    assert.match(stdout, /^onboardUser\s+writes\s+\[users\]/m);
    assert.match(stdout, /^auditContentAccess\s+reads\s+/m);
    const json = await lookerflow('job-types', '--json');
    assert.ok(JSON.parse(json.stdout).jobTypes.find((j: any) => j.type === 'queryToDashboard').inputSchema.properties.query.properties.explore);
  });

  it('bad input exits 2 with the field named and starts nothing', async () => {
    const before = await workflowCount(stack.client, stack.taskQueue);
    const bad = await lookerflow('start', 'onboardUser', '--input', '{"email":"nope","firstName":"A"}');
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /Invalid input for onboardUser:\n- email: email must be a valid email address\n- lastName: lastName is required/);
    const names = await lookerflow('start', 'auditContentAccess', '--input', '{"dashboard":{"title":"Q4 Board Financial Summary"}}');
    assert.equal(names.code, 2, names.stderr);
    assert.match(names.stderr, /Invalid input for auditContentAccess:\n- dashboard\.title: no dashboard titled `Q4 Board Financial Summary`; did you mean `Q4 Board Financials`\?/);
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
    const badTimeout = await lookerflow('start', 'onboardUser', '--input', '{"email":"t@company.com","firstName":"T","lastName":"T"}', '--wait', '--timeout', 'soon');
    assert.equal(badTimeout.code, 2, 'a bad --timeout starts nothing');
    assert.match(badTimeout.stderr, /--timeout must be a number of seconds/);
    const noFile = await lookerflow('start', 'onboardUser', '--input', '@/no/such/input.json');
    assert.equal(noFile.code, 2);
    assert.match(noFile.stderr, /--input @\/no\/such\/input\.json: cannot read the file/);
    const noCommand = await lookerflow();
    assert.equal(noCommand.code, 2);
    assert.match(noCommand.stderr, /^Usage: lookerflow <command>/);
    const help = await lookerflow('--help');
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^Usage: lookerflow <command>/);
    assert.match(help.stdout, /Exit codes: 0 done .*1 the job failed .*2 bad usage .*3 Temporal unreachable, 4 the job still runs/s);
    assert.equal(await workflowCount(stack.client, stack.taskQueue), before);
  });

  it('script run --dry-run --wait runs an example script with an input file and prints its plan', async () => {
    const inputFile = join(mkdtempSync(join(tmpdir(), 'lookerflow-cli-')), 'input.json');
    writeFileSync(inputFile, JSON.stringify({ newOwnerId: '1' }));
    const script = resolve(__dirname, '../examples/scripts/orphaned-schedule-rescuer.js');
    const run = await lookerflow('script', 'run', script, '--input', `@${inputFile}`, '--dry-run', '--wait', '--json');
    assert.equal(run.code, 0, run.stderr);
    const report = JSON.parse(run.stdout);
    assert.equal(report.status, 'completed');
    assert.equal(report.result.mode, 'dry-run');
    assert.ok(report.result.plan.length > 0 && report.result.plan.every((w: { operation: string }) => w.operation === 'update_scheduled_plan'));
    const missing = await lookerflow('script', 'run');
    assert.equal(missing.code, 2);
  });

  it('script save keeps a script as job type script:<name>; start runs it with its input checked', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lookerflow-cli-'));
    writeFileSync(join(dir, 'title.js'), `const d = await looker.dashboard({ dashboard_id: input.id, fields: 'id,title' }); return d.title;`);
    writeFileSync(join(dir, 'schema.json'), JSON.stringify({ type: 'object', properties: { id: { type: 'string' } }, required: ['id'] }));
    writeFileSync(join(dir, 'example.json'), JSON.stringify({ id: '1' }));
    const saved = await lookerflow('script', 'save', 'cli-title', join(dir, 'title.js'), '--input-schema', join(dir, 'schema.json'), '--example', join(dir, 'example.json'), '--description', 'A title', '--wait', '--json');
    assert.equal(saved.code, 0, saved.stderr);
    const report = JSON.parse(saved.stdout);
    assert.deepEqual([report.result.saved, report.result.version, report.result.writes], [true, 1, false]);
    assert.match((await lookerflow('job-types')).stdout, /^script:cli-title\s+reads\s+\[scripts\]\s+A title/m);
    const bad = await lookerflow('start', 'script:cli-title', '--input', '{"id":1}');
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /id/);
    const run = await lookerflow('start', 'script:cli-title', '--input', '{"id":"1"}', '--wait', '--json');
    assert.equal(run.code, 0, run.stderr);
    assert.equal(JSON.parse(run.stdout).result.value, 'Daily Active Users');
    const unsaved = await lookerflow('script', 'save', 'cli-title', join(dir, 'title.js'), '--input-schema', join(dir, 'missing.json'));
    assert.equal(unsaved.code, 2);
    assert.match(unsaved.stderr, /--input-schema/);
  });

  it('start --wait runs a real onboarding job; status reports it', async () => {
    const email = `cli.${stack.taskQueue}@company.com`;
    const input = JSON.stringify({ email, firstName: 'Cli', lastName: 'User', roles: ['Viewer'] });
    const run = await lookerflow('start', 'onboardUser', '--input', input, '--idempotency-key', `cli-${stack.taskQueue}`, '--wait', '--json');
    assert.equal(run.code, 0, run.stderr);
    const report = JSON.parse(run.stdout);
    assert.equal(report.status, 'completed');
    assert.equal(usersWithEmail(stack.emulator, email).length, 1);
    assert.equal(report.result.userId, usersWithEmail(stack.emulator, email)[0].id);

    const changed = JSON.stringify({ email, firstName: 'Cli', lastName: 'User', roles: ['Developer'] });
    const refused = await lookerflow('start', 'onboardUser', '--input', changed, '--idempotency-key', `cli-${stack.taskQueue}`);
    assert.equal(refused.code, 2, refused.stderr);
    assert.match(refused.stderr, new RegExp(`Idempotency key \`cli-${stack.taskQueue}\` was first used for job \`${report.jobId}\` with a different input: it differs in roles`));

    const status = await lookerflow('status', report.jobId, '--json');
    assert.equal(status.code, 0);
    assert.equal(JSON.parse(status.stdout).status, 'completed');
    const readable = await lookerflow('status', report.jobId);
    assert.match(readable.stdout, new RegExp(`^${report.jobId}  completed  onboardUser  ${email.replace(/\./g, '\\.')}$`, 'm'));
    const listed = await waitFor('the job in `lookerflow jobs`', async () => {
      const { stdout } = await lookerflow('jobs', '--type', 'onboardUser', '--json');
      return JSON.parse(stdout).jobs.find((j: { jobId: string }) => j.jobId === report.jobId);
    });
    assert.equal(listed.target, email);
    const missing = await lookerflow('status', 'no-such-job');
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /No job with id `no-such-job`/);
  });

  it('reject and cancel act on a running job and record who and why; approve on a job not waiting is refused', async () => {
    const input = JSON.stringify({ action: 'soft_delete', dryRun: false, requireApproval: true });
    const started = await lookerflow('start', 'archiveStaleContent', '--input', input, '--json');
    assert.equal(started.code, 0, started.stderr);
    const { jobId } = JSON.parse(started.stdout);
    await waitFor('the archive run to wait for approval', async () => {
      const { stdout } = await lookerflow('status', jobId, '--json');
      return JSON.parse(stdout).status === 'waiting-for-approval' ? true : undefined;
    }, { timeoutMs: 60_000 });
    const trashedBefore = Object.values(stack.emulator.admin.state().dashboards).filter((d) => d.deleted).length;

    const rejected = await lookerflow('reject', jobId, '--reason', 'not this quarter');
    assert.equal(rejected.code, 0, rejected.stderr);
    const done = await waitFor('the rejected run to finish', async () => {
      const report = JSON.parse((await lookerflow('status', jobId, '--json')).stdout);
      return report.status === 'completed' ? report : undefined;
    });
    assert.equal(done.result.outcome, 'rejected');
    assert.deepEqual(done.result.decision, { reason: 'not this quarter', by: operatorPrincipal().name });
    assert.equal(Object.values(stack.emulator.admin.state().dashboards).filter((d) => d.deleted).length, trashedBefore, 'a rejected run trashes nothing');

    const late = await lookerflow('approve', jobId, '--reason', 'too late');
    assert.equal(late.code, 2);
    assert.match(late.stderr, /not waiting for approval/i);

    const second = JSON.parse((await lookerflow('start', 'archiveStaleContent', '--input', input, '--json')).stdout);
    await waitFor('the second run to wait for approval', async () => {
      const { stdout } = await lookerflow('status', second.jobId, '--json');
      return JSON.parse(stdout).status === 'waiting-for-approval' ? true : undefined;
    }, { timeoutMs: 60_000 });
    const cancelled = await lookerflow('cancel', second.jobId, '--reason', 'wrong instance');
    assert.equal(cancelled.code, 0, cancelled.stderr);
    await waitFor('the run to be cancelled', async () => {
      const { stdout } = await lookerflow('status', second.jobId, '--json');
      return JSON.parse(stdout).status === 'cancelled' ? true : undefined;
    });
    const waited = await lookerflow('wait', second.jobId);
    assert.equal(waited.code, 1, 'a cancelled job exits 1');
    assert.match(waited.stderr, new RegExp(`Job ${second.jobId} cancelled`));
    const history = await stack.client.workflow.getHandle(second.jobId).fetchHistory();
    const requested = history.events?.find((e) => e.workflowExecutionCancelRequestedEventAttributes);
    assert.equal(requested?.workflowExecutionCancelRequestedEventAttributes?.cause, 'wrong instance', 'the reason is recorded in the history');
    assert.equal(Object.values(stack.emulator.admin.state().dashboards).filter((d) => d.deleted).length, trashedBefore, 'a cancelled run trashes nothing');
  });

  it('files: a render fetched with `files get --out`, a CSV uploaded with `files put` and onboarded by reference', async () => {
    const render = await lookerflow('start', 'renderDashboard', '--input', '{"dashboardId":"1","format":"pdf"}', '--wait', '--timeout', '120', '--json');
    assert.equal(render.code, 0, render.stderr);
    const { result } = JSON.parse(render.stdout);
    const out = join(mkdtempSync(join(tmpdir(), 'lookerflow-cli-')), 'board.pdf');
    const got = await lookerflow('files', 'get', result.path, '--out', out);
    assert.equal(got.code, 0, got.stderr);
    const pdf = readFileSync(out);
    assert.equal(pdf.subarray(0, 4).toString('latin1'), '%PDF');
    assert.equal(pdf.length, result.bytes);
    const missing = await lookerflow('files', 'get', 'jobs/none/report.md');
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /No file `jobs\/none\/report.md`/);

    const email = `csv.${stack.taskQueue}@company.com`;
    const csv = join(dirname(out), 'team.csv');
    writeFileSync(csv, `email,firstName,lastName,roles,groups\n${email},Csv,User,Viewer,Finance\n`);
    const put = await lookerflow('files', 'put', csv);
    assert.equal(put.code, 0, put.stderr);
    const { path } = JSON.parse(put.stdout);
    assert.match(path, /^uploads\/.+\/team\.csv$/);
    const back = await lookerflow('files', 'get', path);
    assert.equal(back.stdout, readFileSync(csv, 'utf8'));
    const run = await lookerflow('start', 'bulkOnboard', '--input', JSON.stringify({ csvFile: path }), '--wait', '--timeout', '120', '--json');
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout).result.created, [email]);
    assert.equal(usersWithEmail(stack.emulator, email).length, 1);
  });

  it('wait follows a job past any fixed limit: --timeout ends the wait with exit 4, then a plain wait exits 0 when it completes, one progress line per change', async () => {
    stack.emulator.admin.configure({ queryDurationMs: 6000 });
    try {
      const started = await lookerflow('start', 'queryToDashboard', '--input', JSON.stringify(revenueScenario(`Cli wait ${stack.taskQueue}`)), '--json');
      assert.equal(started.code, 0, started.stderr);
      const { jobId } = JSON.parse(started.stdout);
      const cut = await lookerflow('wait', jobId, '--timeout', '1');
      assert.equal(cut.code, 4, cut.stderr);
      assert.match(cut.stderr, new RegExp(`Job ${jobId} still runs; the wait ended. Follow it with: lookerflow wait ${jobId}`));
      assert.match(cut.stdout, new RegExp(`^${jobId}  running  queryToDashboard`));

      const waited = await lookerflow('wait', jobId);
      assert.equal(waited.code, 0, waited.stderr);
      assert.match(waited.stdout, new RegExp(`^${jobId}  completed  queryToDashboard`));
      const lines = waited.stderr.trim().split('\n');
      assert.ok(lines.some((l) => l.startsWith('running query')), waited.stderr);
      assert.equal(new Set(lines).size, lines.length, `one line per change, got:\n${waited.stderr}`);
    } finally {
      stack.emulator.admin.configure({ queryDurationMs: 200 }); // the emulator default
    }
  });

  it('an unreachable Temporal exits 3 naming TEMPORAL_ADDRESS', async () => {
    const down = await run(['status', 'some-job'], { runEnv: { ...env, TEMPORAL_ADDRESS: '127.0.0.1:9' } });
    assert.equal(down.code, 3, down.stderr);
    assert.match(down.stderr, /^Cannot reach Temporal at TEMPORAL_ADDRESS=127\.0\.0\.1:9/);
  });

  it('takes a large input from a file or stdin, and pages `jobs` with --page-token in a readable table', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lookerflow-cli-'));
    const emails = [`file.${stack.taskQueue}@company.com`, `stdin.${stack.taskQueue}@company.com`];
    const file = join(dir, 'input.json');
    writeFileSync(file, JSON.stringify({ email: emails[0], firstName: 'From', lastName: 'File' }));
    const fromFile = await lookerflow('start', 'onboardUser', '--input', `@${file}`, '--wait', '--json');
    assert.equal(fromFile.code, 0, fromFile.stderr);
    const fromStdin = await run(['start', 'onboardUser', '--input', '-', '--wait', '--json'], { stdin: JSON.stringify({ email: emails[1], firstName: 'From', lastName: 'Stdin' }) });
    assert.equal(fromStdin.code, 0, fromStdin.stderr);
    for (const email of emails) assert.equal(usersWithEmail(stack.emulator, email).length, 1);

    const ids = [JSON.parse(fromFile.stdout).jobId, JSON.parse(fromStdin.stdout).jobId];
    const first = await waitFor('both jobs listed', async () => {
      const page = JSON.parse((await lookerflow('jobs', '--type', 'onboardUser', '--limit', '1', '--json')).stdout);
      return page.nextPageToken && page.jobs[0].jobId === ids[1] ? page : undefined;
    });
    const next = JSON.parse((await lookerflow('jobs', '--type', 'onboardUser', '--limit', '1', '--page-token', first.nextPageToken, '--json')).stdout);
    assert.equal(next.jobs[0].jobId, ids[0], 'the next page holds the older job');
    const readable = await lookerflow('jobs', '--type', 'onboardUser', '--limit', '1');
    assert.match(readable.stdout, /^JOBID\s+TYPE\s+STATUS\s+TARGET\s+STARTEDAT$/m);
    assert.match(readable.stdout, new RegExp(`^${ids[1]}\\s+onboardUser\\s+completed\\s+${emails[1].replace(/\./g, '\\.')}`, 'm'));
    assert.match(readable.stdout, /^more: lookerflow jobs --page-token \S+$/m);
  });

  it('schedules: create, list, describe, pause, unpause, trigger and delete, as a table or --json', async () => {
    const scheduleId = `cli-rescue-${stack.taskQueue}`;
    const input = JSON.stringify({ newOwner: { id: '1' } });
    const created = await lookerflow('schedules', 'create', 'rescueOrphanedSchedules', '--cron', '0 6 * * MON', '--timezone', 'Europe/Berlin', '--input', input, '--schedule-id', scheduleId, '--json');
    assert.equal(created.code, 0, created.stderr);
    assert.equal(JSON.parse(created.stdout).cron, '0 6 * * MON');
    const unknownDashboard = await lookerflow('schedules', 'create', 'auditContentAccess', '--cron', '0 6 * * MON', '--input', '{"dashboard":{"title":"Q4 Board Financial Summary"}}');
    assert.equal(unknownDashboard.code, 2, unknownDashboard.stderr);
    assert.match(unknownDashboard.stderr, /dashboard\.title: no dashboard titled `Q4 Board Financial Summary`; did you mean `Q4 Board Financials`/);
    const badCron = await lookerflow('schedules', 'create', 'rescueOrphanedSchedules', '--cron', 'every monday', '--input', input);
    assert.equal(badCron.code, 2);
    assert.match(badCron.stderr, /cron/);

    const list = await lookerflow('schedules', 'list');
    assert.match(list.stdout, /^SCHEDULEID\s+TYPE\s+CRON\s+TIMEZONE\s+PAUSED\s+NEXT RUN\s+LAST JOB$/m);
    assert.match(list.stdout, new RegExp(`^${scheduleId}\\s+rescueOrphanedSchedules\\s+0 6 \\* \\* MON\\s+Europe/Berlin\\s+false`, 'm'));
    assert.ok(JSON.parse((await lookerflow('schedules', 'list', '--json')).stdout).schedules.some((s: any) => s.scheduleId === scheduleId));

    const paused = await lookerflow('schedules', 'pause', scheduleId, '--reason', 'holiday', '--json');
    assert.equal(JSON.parse(paused.stdout).paused, true, paused.stderr);
    assert.equal((await stack.client.schedule.getHandle(scheduleId).describe()).state.note, 'holiday');
    assert.equal(JSON.parse((await lookerflow('schedules', 'unpause', scheduleId, '--reason', 'back', '--json')).stdout).paused, false);

    assert.equal((await lookerflow('schedules', 'trigger', scheduleId)).code, 0);
    const described = await waitFor('the triggered job in describe', async () => {
      const d = JSON.parse((await lookerflow('schedules', 'describe', scheduleId, '--json')).stdout);
      return d.recentJobs.length ? d : undefined;
    });
    assert.match(described.recentJobs[0], /^rescueOrphanedSchedules-/);

    const deleted = await lookerflow('schedules', 'delete', scheduleId);
    assert.equal(deleted.code, 0, deleted.stderr);
    const gone = await lookerflow('schedules', 'describe', scheduleId);
    assert.equal(gone.code, 2);
    assert.match(gone.stderr, new RegExp(`No schedule with id \`${scheduleId}\``));
    assert.equal((await lookerflow('schedules', 'rename')).code, 2);
  });
});
