// rescueOrphanedSchedules on the real dev server and worker, against the Looker emulator's
// demo seed, where the disabled user "Olivia Departed" still owns three schedules.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createLookerClient } from '../activities/looker-client';
import { lookerSettingsFromEnv } from '../activities/looker-settings';
import type { EmulatorState } from '../emulator';
import { RescueOrphanedSchedulesInput } from '../jobs/rescue-orphaned-schedules';
import type { RescueOrphanedSchedulesResult } from '../contracts/rescue-orphaned-schedules';
import { jobFailedWith, useFreshLookerStack } from './fresh-stack';

const stack = useFreshLookerStack({ seed: 'demo' });

const rescue = (input: Record<string, unknown>) =>
  stack().runJob<RescueOrphanedSchedulesResult>('rescueOrphanedSchedules', RescueOrphanedSchedulesInput.parse(input));

const owners = (state: EmulatorState) => Object.fromEntries(Object.values(state.scheduled_plans).map((p) => [p.id, p.user_id]));

function departedUserId(state: EmulatorState): string {
  return Object.values(state.users).find((u) => u.first_name === 'Olivia' && u.last_name === 'Departed')!.id;
}

/** Deletes the owner of one enabled user's schedule through the API, leaving the schedule behind. */
async function deleteAScheduleOwner(): Promise<{ planId: string; userId: string }> {
  const state = stack().emulator.admin.state();
  const plan = Object.values(state.scheduled_plans).find((p) => p.user_id !== '1' && !state.users[p.user_id].is_disabled)!;
  const looker = createLookerClient(lookerSettingsFromEnv(stack().lookerEnv));
  await looker.call('delete_user', (sdk) => sdk.delete_user(plan.user_id));
  stack().emulator.admin.clearCalls();
  return { planId: plan.id, userId: plan.user_id };
}

function expectedOrphans(state: EmulatorState, deletedPlanId: string): string[] {
  const olivia = departedUserId(state);
  const hers = Object.values(state.scheduled_plans).filter((p) => p.user_id === olivia).map((p) => p.id);
  assert.equal(hers.length, 3, 'the demo seed gives Olivia Departed three schedules');
  return [...hers, deletedPlanId].sort((a, b) => Number(a) - Number(b));
}

describe('rescueOrphanedSchedules', () => {
  it('dry run: lists schedules of disabled and deleted owners and changes nothing', async () => {
    const deleted = await deleteAScheduleOwner();
    const before = stack().emulator.admin.state();
    const result = await rescue({ newOwner: { email: 'admin@lookerflow.example' } });

    assert.deepEqual(result.orphaned.map((p) => p.id), expectedOrphans(before, deleted.planId));
    assert.equal(result.orphaned.find((p) => p.id === deleted.planId)?.ownerState, 'deleted');
    assert.deepEqual(new Set(result.orphaned.filter((p) => p.id !== deleted.planId).map((p) => p.ownerState)), new Set(['disabled']));
    assert.equal(result.scanned, Object.keys(before.scheduled_plans).length);
    assert.deepEqual(result.reassigned, []);
    assert.deepEqual(result.newOwner.id, '1');
    assert.match(result.markdown, /Olivia Departed/);
    assert.match(result.markdown, /would be reassigned/);
    // The whole report is a file in the store; the counts say how long the lists are.
    assert.equal(result.orphanedCount, result.orphaned.length);
    assert.equal(readFileSync(join(stack().filesDir, result.reportPath!), 'utf8'), result.markdown);
    assert.deepEqual(owners(stack().emulator.admin.state()), owners(before));
    assert.equal(stack().emulator.admin.counters().byOperation.update_scheduled_plan ?? 0, 0);
  });

  it('reassigns exactly the orphaned schedules, once, even when a response is lost; a re-run finds none', async () => {
    const deleted = await deleteAScheduleOwner();
    const before = stack().emulator.admin.state();
    const orphans = expectedOrphans(before, deleted.planId);
    stack().emulator.admin.injectFault({ kind: 'drop-after-apply', count: 1, operation: 'update_scheduled_plan' });

    const result = await rescue({ newOwner: { id: '1' }, dryRun: false });

    assert.deepEqual(result.reassigned, orphans);
    assert.equal(stack().emulator.admin.faults().length, 0, 'the lost response happened');
    const after = owners(stack().emulator.admin.state());
    const expected = { ...owners(before), ...Object.fromEntries(orphans.map((id) => [id, '1'])) };
    assert.deepEqual(after, expected);
    assert.equal(stack().emulator.admin.counters().byOperation.update_scheduled_plan, orphans.length, 'one write per schedule');

    const again = await rescue({ newOwner: { id: '1' }, dryRun: false });
    assert.deepEqual(again.orphaned, []);
    assert.deepEqual(owners(stack().emulator.admin.state()), expected);
    assert.equal(stack().emulator.admin.counters().byOperation.update_scheduled_plan, orphans.length);
  });

  it('a 429 storm: completes with the same reassignments', async () => {
    const before = stack().emulator.admin.state();
    stack().emulator.admin.injectFault({ status: 429, count: 4, retryAfterSeconds: 1 });
    const result = await rescue({ newOwner: { id: '1' }, dryRun: false });

    assert.equal(stack().emulator.admin.counters().throttled429, 4);
    const olivia = departedUserId(before);
    const hers = Object.values(before.scheduled_plans).filter((p) => p.user_id === olivia).map((p) => p.id);
    assert.deepEqual(result.reassigned, hers);
    const after = stack().emulator.admin.state();
    for (const id of hers) assert.equal(after.scheduled_plans[id].user_id, '1');
  });

  it('bad inputs fail fast with the named message and write nothing', async () => {
    assert.throws(() => RescueOrphanedSchedulesInput.parse({ newOwner: {} }), /newOwner is \{ id \} or \{ email \}/);
    assert.throws(() => RescueOrphanedSchedulesInput.parse({}), /newOwner/);

    const before = owners(stack().emulator.admin.state());
    for (const [newOwner, message] of [
      [{ email: 'nobody@lookerflow.example' }, /no user with email nobody@lookerflow.example/],
      [{ email: 'olivia.departed@lookerflow.example' }, /is disabled and cannot own schedules/],
      [{ id: '99999' }, /no user 99999/],
    ] as const) {
      await assert.rejects(rescue({ newOwner, dryRun: false }), jobFailedWith(message));
    }
    const ops = stack().emulator.admin.counters().byOperation;
    assert.equal(ops.search_scheduled_plans ?? 0, 0, 'failed before listing schedules');
    assert.equal(ops.update_scheduled_plan ?? 0, 0);
    assert.deepEqual(owners(stack().emulator.admin.state()), before);
  });
});
