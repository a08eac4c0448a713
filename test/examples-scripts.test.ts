// Every example script in examples/scripts/ run as a runScript job against the emulator's demo seed.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { RunScriptResult } from '../contracts/run-script';
import { RunScriptInput } from '../jobs/run-script';
import { useFreshLookerStack } from './fresh-stack';

const stack = useFreshLookerStack({ seed: 'demo' });
const example = (name: string) => readFileSync(join(__dirname, '..', 'examples', 'scripts', name), 'utf8');
const run = (name: string, input: unknown, extra: Record<string, unknown> = {}) =>
  stack().runJob<RunScriptResult>('runScript', RunScriptInput.parse({ script: example(name), input, ...extra }));

describe('example scripts', () => {
  it('run-look-and-summarise: runs Look 1 and describes its rows', async () => {
    const result = await run('run-look-and-summarise.js', { lookId: '1', limit: 5 });
    const value = result.value as { title: string; rows: number; columns: string[] };
    assert.equal(value.title, stack().emulator.admin.state().looks['1'].title);
    assert.ok(value.rows > 0 && value.rows <= 5);
    assert.ok(value.columns.length > 0);
  });

  it('orphaned-schedule-rescuer: plans a new owner for every schedule of a disabled user (dry run)', async () => {
    const state = stack().emulator.admin.state();
    const disabled = new Set(Object.values(state.users).filter((u) => u.is_disabled).map((u) => u.id));
    const expected = Object.values(state.scheduled_plans).filter((p) => disabled.has(p.user_id as string)).map((p) => p.id).sort();
    const result = await run('orphaned-schedule-rescuer.js', { newOwnerId: '1' }, { dryRun: true });
    assert.ok(expected.length > 0, 'the demo seed has orphaned schedules');
    assert.deepEqual(result.plan!.map((w) => w.params.scheduled_plan_id).sort(), expected);
    assert.ok(result.plan!.every((w) => w.operation === 'update_scheduled_plan'));
  });
});
