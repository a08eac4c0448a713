// The script interpreter's step allowance between waits (workflows/support/script-sandbox.ts),
// run directly (no Temporal): answers are simulated by a gate the test opens, as a workflow task
// delivering several activity results at once would.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runInSandbox, STEPS_BETWEEN_WAITS, STEPS_PER_WORKFLOW_TASK, type SandboxLimits } from '../workflows/support/script-sandbox';

/** Runs `script` whose `answer()` calls all resolve together, in one simulated workflow task. */
async function runWithLanes(script: string, lanesAdd: boolean): Promise<{ value?: unknown; error?: string; steps: number }> {
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const holder: { waited?: () => void } = {};
  const globals = {
    answer: async () => {
      await gate;
      holder.waited!();
    },
  };
  const limits: SandboxLimits = { maxSteps: 100_000, maxStringLength: 1_000_000, ...(lanesAdd ? { lanesAdd: { clock: () => 1 } } : {}) };
  const run = runInSandbox(script, globals, limits);
  holder.waited = run.waited;
  setImmediate(open);
  try {
    return { value: await run.result, steps: run.steps() };
  } catch (error) {
    return { error: (error as Error).message, steps: run.steps() };
  }
}

/** `lanes` lanes, each waiting for its answer and then computing about `work` × 9 steps. */
const lanesScript = (lanes: number, work: number) => `
  const compute = () => { let s = 0; for (let i = 0; i < ${work}; i++) { s += i; } return s; };
  const results = await Promise.all(Array.from({ length: ${lanes} }, async () => { await answer(); return compute(); }));
  return results.length;`;

describe('script step allowance between waits (interpreter only, simulated answers)', () => {
  it('three lanes resumed together: one shared allowance is too small; with lanes adding, each has its own', async () => {
    const one = await runWithLanes(lanesScript(1, 25), true);
    assert.equal(one.value, 1);
    const perLane = one.steps;
    assert.ok(perLane < STEPS_BETWEEN_WAITS && perLane * 3 > STEPS_BETWEEN_WAITS, `a lane takes ${perLane} steps`);

    const shared = await runWithLanes(lanesScript(3, 25), false);
    assert.match(shared.error ?? '', new RegExp(`ran ${STEPS_BETWEEN_WAITS} steps without waiting`));
    assert.deepEqual(await runWithLanes(lanesScript(3, 25), true).then((r) => r.value), 3);
  });

  it('lanes adding stays within the workflow task’s steps, and one lane still has its own 400', async () => {
    const many = await runWithLanes(lanesScript(8, 25), true);
    assert.match(many.error ?? '', /without waiting/, `8 lanes exceed ${STEPS_PER_WORKFLOW_TASK} steps in one task`);
    const long = await runWithLanes(lanesScript(1, 100), true);
    assert.match(long.error ?? '', new RegExp(`ran ${STEPS_BETWEEN_WAITS} steps without waiting`));
  });
});
