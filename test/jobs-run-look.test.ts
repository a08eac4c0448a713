// runLook against the emulator's demo seed: the saved Look's rows, with its query definition.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { DEMO_IDS } from '../emulator';
import type { RunLookResult } from '../contracts/run-look';
import { runLookJob } from '../jobs/run-look';
import { jobFailure, runParsedJob, schemaError, writeCalls } from './job-helpers';
import { startLookerStack, type LookerStack } from './stack';

const stackReady = startLookerStack({ seed: 'demo', queryDurationMs: 50 });
let stack: LookerStack;
before(async () => {
  stack = await stackReady;
});

const run = (lookId: string) => runParsedJob<typeof runLookJob.input, RunLookResult>(stack, runLookJob, { lookId });

describe('runLook', () => {
  it("returns the Look's rows with its query definition and a link, through a query task, changing nothing", async () => {
    stack.emulator.admin.clearCalls();
    const result = await run(DEMO_IDS.revenueLook);
    const state = stack.emulator.admin.state();
    const look = state.looks[DEMO_IDS.revenueLook];
    const query = state.queries[look.query_id];
    assert.equal(result.look.title, look.title);
    assert.equal(result.look.folderName, state.folders[look.folder_id!].name);
    assert.equal(result.look.lookUrl, `${stack.emulator.baseUrl}/looks/${look.id}`);
    assert.deepEqual(
      { model: result.query.model, explore: result.query.explore, fields: result.query.fields },
      { model: query.model, explore: query.view, fields: query.fields },
    );
    assert.ok(result.rowCount > 0);
    assert.equal(result.rows.length, Math.min(result.rowCount, 100));
    assert.deepEqual(Object.keys(result.rows[0] as object).sort(), [...query.fields].sort());
    assert.ok(Object.values(state.query_tasks).some((t) => t.query_id === query.id), 'ran as an async query task');
    assert.deepEqual(writeCalls(stack.emulator).filter((op) => op !== 'create_query_task'), []);
  });

  it('a Look that does not exist fails naming it, without retrying', async () => {
    const failure = await jobFailure(run('999999'));
    assert.equal(failure.type, 'ContentNotFound');
    assert.match(failure.message, /No Look with id 999999/);
  });

  it('refuses a lookId that is not an id', () => {
    assert.match(schemaError(runLookJob, { lookId: 'Revenue' }), /lookId must be a numeric Look id/);
  });
});
