// F6 redeploy: every committed workflow history (test/histories/, written by
// test/record-histories.ts) is replayed against the current workflow code with the SDK's
// replayer, bundled from the same workflows module the production worker loads. A change to a
// workflow's commands or carried state that is not gated by `patched()` fails here.
// No Temporal server is needed: replay runs the workflow code against the recorded events.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import { ADMIN_CLIENT_SECRET, USER_CLIENT_SECRET } from '../emulator';
import { JOB_TYPES } from '../jobs/catalog';
import { READ_TOOLS } from '../jobs/read-tools';
import { unbundledWorkflows } from '../worker/workflow-bundle';
import { loadHistories } from './histories';
import { ACCESS_TOKEN, historyText } from './job-helpers';

Runtime.install({ logger: new DefaultLogger('ERROR') });

const histories = loadHistories();

describe('replay of the committed histories', () => {
  it('has a history of every job type and read tool, with continue-as-new chains and a child', () => {
    const types = new Set(histories.map((h) => h.name.split('/')[0]));
    for (const job of [...JOB_TYPES, ...READ_TOOLS]) assert.ok(types.has(job.type), `test/histories/${job.type}/ holds a history (record it with test/record-histories.ts)`);
    assert.ok(histories.some((h) => h.name.startsWith('bulkOnboard/') && h.name.includes('.run2')), 'a bulkOnboard continue-as-new chain');
    assert.ok(histories.some((h) => h.name.startsWith('archiveStaleContent/') && h.name.includes('.run2')), 'an archiveStaleContent continue-as-new chain');
    assert.ok(histories.some((h) => h.workflowId.includes('/')), 'a child workflow');
  });

  it('hold no secret: no Looker client secret, no access token', () => {
    // The recorder also checked each history for the password-reset tokens issued while it ran.
    for (const { name, history } of histories) {
      const text = historyText(history);
      for (const secret of [ADMIN_CLIENT_SECRET, USER_CLIENT_SECRET]) assert.ok(!text.includes(secret), `${name}: holds a client secret`);
      assert.ok(!ACCESS_TOKEN.test(text), `${name}: holds an access token`);
    }
  });

  it('F6 redeploy: every history replays against the current workflows without nondeterminism', async () => {
    const failures: string[] = [];
    let replayed = 0;
    // The replayer takes one history at a time, in order, so results line up with the files.
    const results = Worker.runReplayHistories(
      { ...unbundledWorkflows(), replayName: 'lookerflow-f6-redeploy' },
      histories.map(({ workflowId, history }) => ({ workflowId, history })),
    );
    for await (const result of results) {
      const { name } = histories[replayed++];
      if (result.error) failures.push(`${name}: ${result.error.name}: ${result.error.message}`);
    }
    console.log(`F6 redeploy: ${replayed - failures.length}/${histories.length} histories replayed`);
    assert.equal(replayed, histories.length, 'every history was replayed');
    assert.deepEqual(failures, []);
  });

  it('catches a violation: a reordered searchContent does not replay its committed history', async () => {
    const committed = histories.find((h) => h.name === 'searchContent/by-title.json');
    assert.ok(committed, 'searchContent/by-title.json is committed');
    await assert.rejects(
      Worker.runReplayHistory({ ...unbundledWorkflows(require.resolve('./replay/search-content-reordered')), replayName: 'lookerflow-reordered' }, committed.history, committed.workflowId),
      (error: unknown) => error instanceof DeterminismViolationError,
    );
  });
});
