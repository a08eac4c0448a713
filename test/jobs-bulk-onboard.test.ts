// bulkOnboard on a real worker against the Looker emulator: a rate-limited run across several
// continue-as-new runs, bad rows, CSV quoting, unknown names, a user that fails, a re-run and a
// worker stopped mid-run. The 1,000-user run is `npm run bench` (bench/bulk-onboard.ts).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { WorkflowFailedError } from '@temporalio/client';
import { CancelledFailure } from '@temporalio/common';
import { waitFor } from '../scripts/wait-for';
import { BulkOnboardInput, bulkOnboardUsers } from '../jobs/bulk-onboard';
import type { BulkOnboardResult } from '../contracts/bulk-onboard';
import { RESULT_LIST_SAMPLE } from '../contracts/bounded-results';
import { LookerJobType, LookerTarget, type JobProgress } from '../contracts/job';
import { makeSdk } from './emulator-helpers';
import { startLookerStack, type LookerStack } from './stack';
import { jobFailure, writeCalls } from './job-helpers';
import { userAccessState, usersWithEmail } from './user-jobs';

// Started at file top level: its teardown must be registered for the file, not for a hook.
const stackReady = startLookerStack({ seed: 'demo' });
let stack: LookerStack;
const FINANCE = '3';

before(async () => {
  stack = await stackReady;
});

const csvOf = (emails: string[], roles = 'Viewer', groups = 'Finance') =>
  ['email,firstName,lastName,roles,groups', ...emails.map((email, i) => `${email},Person,Number ${i + 1},${roles},${groups}`)].join('\n');

/** Every problem the schema reports for an input, joined. */
function schemaProblems(input: unknown): string {
  const parsed = BulkOnboardInput.safeParse(input);
  assert.equal(parsed.success, false, 'the input should have been refused');
  return parsed.error!.issues.map((issue) => issue.message).join('; ');
}

describe('bulkOnboard', () => {
  it('onboards 30 users through a rate-limited Looker, continuing as new, without a single failure', async () => {
    const emails = Array.from({ length: 30 }, (_, i) => `bulk${i + 1}@company.com`);
    const workflowId = `bulk-rate-limited-${stack.taskQueue}`;
    stack.emulator.admin.configure({ rateLimit: { rps: 10, burst: 3 } });
    try {
      const handle = await stack.client.workflow.start('bulkOnboard', {
        taskQueue: stack.taskQueue,
        workflowId,
        args: [{ csv: csvOf(emails, 'Viewer;Developer'), concurrency: 10, usersPerRun: 12 }],
        workflowExecutionTimeout: '5m',
      });
      const midway = await waitFor('progress part-way through', async () => {
        const progress = await handle.query<JobProgress>('progress').catch(() => undefined);
        return progress && progress.step === 'onboarding users' && progress.done > 0 && progress.done < 30 ? progress : undefined;
      });
      assert.equal(midway.total, 30);
      const result = await handle.result();

      assert.deepEqual(result.failed, []);
      assert.deepEqual(result.counts, { created: 30, alreadyPresent: 0, failed: 0 });
      // The result names a sample, in row order; the report file lists every user.
      assert.deepEqual(result.created, emails.slice(0, RESULT_LIST_SAMPLE));
      const report = readFileSync(join(stack.filesDir, result.reportPath!), 'utf8').trim().split('\n');
      assert.equal(report[0], 'row,email,outcome,reason');
      assert.deepEqual(report.slice(1), emails.map((email, i) => `${i + 1},${email},created,`));
      assert.ok(stack.emulator.admin.counters().throttled429 > 0, 'Looker answered 429 along the way');
      const { runId } = await handle.describe();
      assert.notEqual(runId, handle.firstExecutionRunId, 'the job continued as new');
      const finance = stack.emulator.admin.state().groups[FINANCE];
      for (const email of emails) {
        const users = usersWithEmail(stack.emulator, email);
        assert.equal(users.length, 1, `one user ${email}`);
        assert.deepEqual([...users[0].role_ids].sort(), ['2', '3']);
        assert.ok(finance.user_ids.includes(users[0].id), `${email} is in Finance`);
      }
    } finally {
      stack.emulator.admin.configure({ rateLimit: null });
    }
  });

  it('reports every bad row at once and starts nothing', async () => {
    const csv = [
      'email,firstName,lastName,roles,groups',
      'good@company.com,Good,Row,Viewer,Finance',
      'not-an-email,Bad,Email,Viewer,Finance',
      'nofirst@company.com,,Name,Viewer,Finance',
      'GOOD@company.com,Same,Again,Viewer,Finance',
    ].join('\n');
    const before = userAccessState(stack.emulator);
    stack.emulator.admin.clearCalls();
    const failure = await jobFailure(stack.runJob('bulkOnboard', { csv }));

    assert.equal(failure.type, 'InvalidInput');
    assert.match(failure.message, /^3 problems in the input; no user was onboarded/);
    assert.match(failure.message, /row 2: email: email must be a valid email address/);
    assert.match(failure.message, /row 3: firstName: firstName must not be empty/);
    assert.match(failure.message, /row 4: email: GOOD@company\.com is already on row 1/);
    assert.deepEqual(stack.emulator.admin.calls(), [], 'Looker was not called at all');
    assert.deepEqual(userAccessState(stack.emulator), before);
  });

  it('an unknown role in any row fails before the first user, listing the valid roles', async () => {
    stack.emulator.admin.clearCalls();
    const users = [
      { email: 'fine@company.com', firstName: 'Fine', lastName: 'Person', roles: ['Viewer'], groups: [] },
      { email: 'typo@company.com', firstName: 'Typo', lastName: 'Person', roles: ['Veiwer'], groups: [] },
    ];
    const failure = await jobFailure(stack.runJob('bulkOnboard', { users }));
    assert.match(failure.message, /Unknown role name: Veiwer\. Valid roles: Admin, Developer, User, Viewer/);
    assert.deepEqual(writeCalls(stack.emulator), []);
    assert.deepEqual(usersWithEmail(stack.emulator, 'fine@company.com'), []);
  });

  it('CSV: quoted fields keep their commas and quotes; roles and groups split on ";"', () => {
    const csv = [
      'email,firstName,lastName,roles,groups',
      '"jr@company.com",Anna,"Smith, Jr.",Viewer,"Finance; Marketing"',
      'quotes@company.com,"Dwayne ""The Rock""",Johnson,"Viewer;Developer",',
      '',
      'plain@company.com , Plain , Person , Viewer , Finance',
    ].join('\r\n');
    const users = bulkOnboardUsers(BulkOnboardInput.parse({ csv }));
    assert.deepEqual(
      users.map(({ email, firstName, lastName, roles, groups }) => ({ email, firstName, lastName, roles, groups })),
      [
        { email: 'jr@company.com', firstName: 'Anna', lastName: 'Smith, Jr.', roles: ['Viewer'], groups: ['Finance', 'Marketing'] },
        { email: 'quotes@company.com', firstName: 'Dwayne "The Rock"', lastName: 'Johnson', roles: ['Viewer', 'Developer'], groups: [] },
        { email: 'plain@company.com', firstName: 'Plain', lastName: 'Person', roles: ['Viewer'], groups: ['Finance'] },
      ],
    );
    assert.match(schemaProblems({ csv: 'email,firstName,lastName\na@company.com,A,B' }), /csv header lacks roles, groups; expected email,firstName,lastName,roles,groups/);
    assert.match(schemaProblems({ csv: 'email,firstName,lastName,roles,groups\n' }), /csv has no rows below its header/);
    assert.match(schemaProblems({ users: [], csv: 'x' }), /give one of users, csv or csvFile/);
    assert.match(schemaProblems({}), /give one of users, csv or csvFile/);
  });

  it('CSV: a quoted field may hold a line break; the row stays whole and the next row keeps its number', () => {
    const csv = [
      'email,firstName,lastName,roles,groups',
      'multi@company.com,Multi,Line,Viewer,"Finance;',
      'Marketing"',
      'not-an-email,Bad,Email,Viewer,Finance',
    ].join('\n');
    assert.equal(schemaProblems({ csv }), 'email must be a valid email address');
    const parsed = BulkOnboardInput.safeParse({ csv });
    assert.deepEqual(parsed.error!.issues.map((issue) => issue.path), [['csv', 1, 'email']]);
    const users = bulkOnboardUsers(BulkOnboardInput.parse({ csv: csv.split('\n').slice(0, 3).join('\n') }));
    assert.deepEqual(users.map(({ email, groups }) => ({ email, groups })), [{ email: 'multi@company.com', groups: ['Finance', 'Marketing'] }]);
  });

  it('CSV: an unclosed quote is refused with the line it starts on', () => {
    const csv = ['email,firstName,lastName,roles,groups', 'a@company.com,A,B,Viewer,Finance', 'b@company.com,"B,C,Viewer,Finance'].join('\n');
    assert.match(schemaProblems({ csv }), /csv is not valid CSV: .*line 3/i);
  });

  it('a re-run with the same job id changes nothing and reports the users as already present', async () => {
    const emails = ['again1@company.com', 'again2@company.com', 'again3@company.com'];
    const workflowId = `bulk-again-${stack.taskQueue}`;
    // As the job service starts it when payloads are not encrypted: with a plaintext target.
    const asStarted = { workflowId, typedSearchAttributes: [{ key: LookerTarget, value: '3 users' }] };
    const first = await stack.runJob<BulkOnboardResult>('bulkOnboard', { csv: csvOf(emails) }, asStarted);
    stack.emulator.admin.clearCalls();
    const second = await stack.runJob<BulkOnboardResult>('bulkOnboard', { csv: csvOf(emails) }, asStarted);

    assert.deepEqual(first.created, emails);
    const reportPath = `jobs/${workflowId}/bulkOnboard/users.csv`;
    assert.deepEqual(second, { total: 3, created: [], alreadyPresent: emails, failed: [], counts: { created: 0, alreadyPresent: 3, failed: 0 }, reportPath });
    for (const email of emails) assert.equal(usersWithEmail(stack.emulator, email).length, 1);
    // Nothing differed: one read of the users (and the names), no write, no child.
    assert.deepEqual(writeCalls(stack.emulator), []);
    assert.deepEqual(stack.emulator.admin.calls().filter((c) => c.operationId === 'search_users').length, 1);

    // Each user's child job shows in the Temporal UI like an onboardUser job started on its own.
    const child = await stack.client.workflow.getHandle(`${workflowId}/${emails[0]}`).describe();
    assert.equal(await child.staticSummary(), `Onboard ${emails[0]}`);
    assert.equal(child.typedSearchAttributes.get(LookerJobType), 'onboardUser');
    assert.equal(child.typedSearchAttributes.get(LookerTarget), emails[0]);
  });

  it('a job without a plaintext target (payloads encrypted) starts children that name no user in id or search attributes', async () => {
    const workflowId = `bulk-private-${stack.taskQueue}`;
    const email = 'private1@company.com';
    const result = await stack.runJob<BulkOnboardResult>('bulkOnboard', { csv: csvOf([email]) }, { workflowId });
    assert.deepEqual(result.created, [email]);
    const child = await stack.client.workflow.getHandle(`${workflowId}/row-1`).describe();
    assert.equal(child.typedSearchAttributes.get(LookerJobType), 'onboardUser');
    assert.equal(child.typedSearchAttributes.get(LookerTarget), undefined);
    assert.equal(await child.staticSummary(), `Onboard ${email}`, 'the summary, a payload, is encrypted with the others');
  });

  it('a user that exists with other roles and groups gets only what differs, without reading first', async () => {
    const email = 'partly@company.com';
    await stack.runJob('bulkOnboard', { users: [{ email, firstName: 'Part', lastName: 'Ly', roles: ['Viewer'], groups: [] }] });
    stack.emulator.admin.clearCalls();
    const result = await stack.runJob<BulkOnboardResult>('bulkOnboard', { users: [{ email, firstName: 'Part', lastName: 'Ly', roles: ['Viewer', 'Developer'], groups: ['Finance'] }] });
    assert.deepEqual(result.alreadyPresent, [email]);
    assert.deepEqual(writeCalls(stack.emulator), ['set_user_roles', 'add_group_user']);
    const reads = stack.emulator.admin.calls().filter((c) => c.method === 'GET' && c.operationId !== 'login').map((c) => c.operationId);
    assert.deepEqual(reads.sort(), ['all_groups', 'all_roles', 'search_users']);
    const [user] = usersWithEmail(stack.emulator, email);
    assert.deepEqual([...user.role_ids].sort(), ['2', '3']);
    assert.ok(stack.emulator.admin.state().groups[FINANCE].user_ids.includes(user.id));
  });

  it('a user whose onboarding fails for good is listed with the reason; the others are onboarded', async () => {
    const sdk = makeSdk(stack.emulator.baseUrl, stack.emulator.clientId, stack.emulator.clientSecret);
    const popUp = await sdk.ok(sdk.create_group({ name: 'Pop-up' }));
    const users = [
      { email: 'fails-not1@company.com', firstName: 'One', lastName: 'Person', roles: ['Viewer'], groups: ['Finance'] },
      { email: 'fails@company.com', firstName: 'Two', lastName: 'Person', roles: ['Viewer'], groups: ['Pop-up'] },
      { email: 'fails-not3@company.com', firstName: 'Three', lastName: 'Person', roles: ['Viewer'], groups: ['Finance'] },
    ];
    stack.emulator.admin.clearCalls();
    // Names are resolved before the first user; hold the first membership call back and delete
    // the Pop-up group meanwhile, so the second user's membership fails with a 404.
    stack.emulator.admin.injectFault({ status: 429, count: 1, operation: 'add_group_user', retryAfterSeconds: 2 });
    const run = stack.runJob<BulkOnboardResult>('bulkOnboard', { users, concurrency: 1 });
    await waitFor('the held-back membership call', () =>
      stack.emulator.admin.calls().some((c) => c.operationId === 'add_group_user' && c.status === 429) || undefined,
    );
    await sdk.ok(sdk.delete_group(popUp.id!));

    const result = await run;

    assert.deepEqual(result.created, ['fails-not1@company.com', 'fails-not3@company.com']);
    assert.deepEqual(result.failed.map((f) => f.email), ['fails@company.com']);
    assert.match(result.failed[0].reason, /failed while adding to groups: .*404.*Undone: delete user \d+ \(fails@company\.com\)/);
    assert.deepEqual(usersWithEmail(stack.emulator, 'fails@company.com'), [], 'the failed user was undone');
    for (const email of ['fails-not1@company.com', 'fails-not3@company.com']) assert.equal(usersWithEmail(stack.emulator, email).length, 1);
  });

  it('cancelled: the children stop, the chain ends, and nothing is written to Looker after the cancel', async () => {
    const emails = Array.from({ length: 6 }, (_, i) => `cancelled${i + 1}@company.com`);
    const workflowId = `bulk-cancelled-${stack.taskQueue}`;
    stack.emulator.admin.configure({ latencyMs: 100 });
    try {
      const handle = await stack.client.workflow.start('bulkOnboard', {
        taskQueue: stack.taskQueue,
        workflowId,
        args: [{ csv: csvOf(emails), concurrency: 1, usersPerRun: 2 }],
        workflowExecutionTimeout: '5m',
      });
      const doneAtCancel = await waitFor('the first user onboarded', async () => {
        const progress = await handle.query<JobProgress>('progress').catch(() => undefined);
        return progress && progress.step === 'onboarding users' && progress.done >= 1 ? progress.done : undefined;
      });
      await handle.cancel();

      const error = await handle.result().catch((e: unknown) => e);
      const reportedAt = Date.now();

      assert.ok(error instanceof WorkflowFailedError && error.cause instanceof CancelledFailure, `cancelled, got ${String(error)}`);
      const last = await stack.client.workflow.getHandle(workflowId).describe();
      assert.equal(last.status.name, 'CANCELLED', 'the last run of the chain is the cancelled one');
      // With one user at a time, only the user after those done may have been under way.
      for (const email of emails.slice(doneAtCancel + 1)) assert.deepEqual(usersWithEmail(stack.emulator, email), [], `${email} was never created`);
      await waitFor('no Looker call in flight', () => stack.worker.workers.lookerApiWorker!.getStatus().numInFlightActivities === 0 || undefined);
      const late = stack.emulator.admin.calls().filter((c) => c.atMs > reportedAt && c.method !== 'GET' && !c.operationId?.startsWith('search_'));
      assert.deepEqual(late.map((c) => c.operationId), [], 'no Looker write after the job reported cancelled');
    } finally {
      stack.emulator.admin.configure({ latencyMs: 0 });
    }
  });

  // Last: it replaces the file's worker.
  it('a worker stopped mid-run: the next worker finishes, and Looker holds exactly one of each user', async () => {
    const emails = Array.from({ length: 20 }, (_, i) => `restart${i + 1}@company.com`);
    // Slow Looker down so that the worker stops with children part-way through.
    stack.emulator.admin.configure({ latencyMs: 40 });
    try {
      const handle = await stack.client.workflow.start('bulkOnboard', {
        taskQueue: stack.taskQueue,
        workflowId: `bulk-restart-${stack.taskQueue}`,
        args: [{ csv: csvOf(emails, 'Viewer;Developer'), concurrency: 5 }],
        workflowExecutionTimeout: '5m',
      });
      await waitFor('a few users onboarded', async () => {
        const progress = await handle.query<JobProgress>('progress').catch(() => undefined);
        return progress && progress.step === 'onboarding users' && progress.done >= 3 ? true : undefined;
      });
      await stack.worker.stop();
      assert.deepEqual(usersWithEmail(stack.emulator, emails[emails.length - 1]), [], 'the worker stopped before the last user');
      await stack.startWorker('replacement');

      const result = await handle.result();

      assert.deepEqual(result.failed, []);
      assert.deepEqual(result.created, emails, 'each user counted once, as created');
      const finance = stack.emulator.admin.state().groups[FINANCE];
      for (const email of emails) {
        const users = usersWithEmail(stack.emulator, email);
        assert.equal(users.length, 1, `one user ${email}`);
        assert.deepEqual([...users[0].role_ids].sort(), ['2', '3']);
        assert.equal(finance.user_ids.filter((id) => id === users[0].id).length, 1, `${email} is in Finance once`);
      }
    } finally {
      stack.emulator.admin.configure({ latencyMs: 0 });
    }
  });
});
