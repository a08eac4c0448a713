// offboardUser on a real worker against the Looker emulator's demo seed: Olivia Departed
// (disabled, still owning 3 schedules and 1 alert) and an active colleague who owns schedules.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OffboardUserInput } from '../jobs/offboard-user';
import type { OffboardUserResult } from '../contracts/offboard-user';
import { useFreshLookerStack } from './fresh-stack';
import { jobFailure, writeCalls } from './job-helpers';
import { userAccessState, usersWithEmail } from './user-jobs';

const stack = useFreshLookerStack({ seed: 'demo' });
const ADMIN = { id: '1', email: 'admin@lookerflow.example' };
const OLIVIA = 'olivia.departed@lookerflow.example';

function ownedBy(userId: string) {
  const { scheduled_plans, alerts } = stack().emulator.admin.state();
  return {
    plans: Object.values(scheduled_plans).filter((p) => p.user_id === userId).map((p) => p.id).sort(),
    alerts: Object.values(alerts).filter((a) => a.owner_id === userId).map((a) => a.id).sort(),
  };
}

const offboard = (input: unknown) => stack().runJob<OffboardUserResult>('offboardUser', input);

describe('offboardUser', () => {
  it("moves Olivia's schedules and alert to the admin; a second run changes nothing", async () => {
    const [olivia] = usersWithEmail(stack().emulator, OLIVIA);
    const hers = ownedBy(olivia.id);
    assert.equal(hers.plans.length, 3, 'the seed gives Olivia 3 schedules');
    assert.equal(hers.alerts.length, 1, 'and 1 alert');
    const adminsBefore = ownedBy(ADMIN.id);

    const result = await offboard({ email: OLIVIA, transferTo: { email: ADMIN.email } });

    assert.deepEqual(ownedBy(olivia.id), { plans: [], alerts: [] });
    const adminsAfter = ownedBy(ADMIN.id);
    assert.deepEqual(adminsAfter.plans, [...adminsBefore.plans, ...hers.plans].sort());
    assert.deepEqual(adminsAfter.alerts, [...adminsBefore.alerts, ...hers.alerts].sort());
    assert.equal(stack().emulator.admin.state().users[olivia.id].is_disabled, true);
    assert.equal(result.disabled, false, 'Olivia was disabled already');
    assert.deepEqual(result.scheduledPlans.map((p) => p.id).sort(), hers.plans);
    assert.deepEqual(result.alerts.map((a) => a.id), hers.alerts);
    assert.deepEqual(result.transferredTo, ADMIN);

    const again = await offboard({ email: OLIVIA, transferTo: { email: ADMIN.email } });
    assert.deepEqual({ ...again, transferredTo: undefined }, { userId: olivia.id, disabled: false, transferredTo: undefined, scheduledPlans: [], alerts: [] });
    assert.deepEqual(ownedBy(ADMIN.id), adminsAfter);
  });

  it('disables an active user and moves their schedules, under a 429 storm', async () => {
    const state = stack().emulator.admin.state();
    const leaver = Object.values(state.users).find(
      (u) => u.id !== ADMIN.id && !u.is_disabled && u.credentials_email && ownedBy(u.id).plans.length > 0,
    );
    assert.ok(leaver, 'the seed has an active user who owns schedules');
    const theirs = ownedBy(leaver.id);
    const throttledBefore = stack().emulator.admin.counters().throttled429;
    stack().emulator.admin.injectFault({ status: 429, count: 5, retryAfterSeconds: 1 });

    const result = await offboard({ email: leaver.credentials_email!.email, transferTo: { id: ADMIN.id } });

    assert.ok(stack().emulator.admin.counters().throttled429 >= throttledBefore + 5);
    assert.equal(stack().emulator.admin.state().users[leaver.id].is_disabled, true);
    assert.equal(result.disabled, true);
    assert.deepEqual(result.scheduledPlans.map((p) => p.id).sort(), theirs.plans);
    assert.deepEqual(ownedBy(leaver.id).plans, []);
    for (const id of theirs.plans) assert.equal(stack().emulator.admin.state().scheduled_plans[id].user_id, ADMIN.id);
  });

  it('lost responses while moving: every plan and alert moves once, and the report still lists them all', async () => {
    const [olivia] = usersWithEmail(stack().emulator, OLIVIA);
    const hers = ownedBy(olivia.id);
    assert.equal(hers.plans.length, 3, 'the seed gives Olivia 3 schedules');
    const callsBefore = stack().emulator.admin.counters().byOperation;
    stack().emulator.admin.injectFault({ kind: 'drop-after-apply', count: 1, operation: 'update_scheduled_plan' });
    stack().emulator.admin.injectFault({ kind: 'drop-after-apply', count: 1, operation: 'update_alert_field' });

    const result = await offboard({ email: OLIVIA, transferTo: { id: ADMIN.id } });

    assert.deepEqual(stack().emulator.admin.faults(), [], 'both responses were lost');
    assert.deepEqual(result.scheduledPlans.map((p) => p.id).sort(), hers.plans);
    assert.deepEqual(result.alerts.map((a) => a.id), hers.alerts);
    assert.deepEqual(ownedBy(olivia.id), { plans: [], alerts: [] });
    for (const id of hers.plans) assert.equal(stack().emulator.admin.state().scheduled_plans[id].user_id, ADMIN.id);
    const callsAfter = stack().emulator.admin.counters().byOperation;
    const writes = (op: string) => (callsAfter[op] ?? 0) - (callsBefore[op] ?? 0);
    assert.equal(writes('update_scheduled_plan'), 3, 'one write per plan: the retry skipped the plan already moved');
    assert.equal(writes('update_alert_field'), 1);
  });

  it('refuses bad inputs with a message naming the problem', () => {
    for (const [input, pattern] of [
      [{ email: 'not-an-email', transferTo: { id: '1' } }, /email must be a valid email address/],
      [{ email: OLIVIA, transferTo: 'admin' }, /transferTo must be \{ email \} or \{ id \}/],
      [{ email: OLIVIA, transferTo: { id: 'one' } }, /id must be a numeric user id|transferTo must be/],
      [{ email: OLIVIA }, /transferTo/],
    ] as const) {
      assert.throws(() => OffboardUserInput.parse(input), pattern);
    }
  });

  for (const [what, input, pattern] of [
    ['a user that does not exist', { email: 'nobody@company.com', transferTo: { id: ADMIN.id } }, /No Looker user has the email nobody@company\.com/],
    ['a transferTo email that does not exist', { email: ADMIN.email, transferTo: { email: 'ghost@company.com' } }, /transferTo: no Looker user has the email ghost@company\.com/],
    ['a transferTo id that does not exist', { email: ADMIN.email, transferTo: { id: '99999' } }, /transferTo: no Looker user has the id 99999/],
    ['a disabled transferTo user', { email: ADMIN.email, transferTo: { email: OLIVIA } }, /transferTo: user \d+ \(Olivia Departed\) is disabled/],
  ] as const) {
    it(`fails naming ${what}, and changes nothing`, async () => {
      const before = userAccessState(stack().emulator);
      stack().emulator.admin.clearCalls();
      const failure = await jobFailure(offboard(input));
      assert.match(failure.message, pattern);
      assert.deepEqual(writeCalls(stack().emulator), []);
      assert.deepEqual(userAccessState(stack().emulator), before);
    });
  }
});
