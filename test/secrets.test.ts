// Secrets never enter workflow inputs, history or logs: the worker process holds the Looker
// credentials and the access tokens, and nothing of them reaches Temporal or its own output,
// not on success, not on a Looker error, not on a re-login after a revoked token.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { WorkflowFailedError } from '@temporalio/client';
import { startEmulator } from '../emulator';
import { OnboardUserInput } from '../jobs/onboard-user';
import { RenderDashboardInput } from '../jobs/render-dashboard';
import { uniqueTaskQueue, useTemporal } from './harness';
import { ACCESS_TOKEN, historyText } from './job-helpers';
import { runWorkerProcess } from './worker-process';

test('no client secret or access token in workflow histories or the worker output', async () => {
  const { client, address } = await useTemporal();
  const emulator = await startEmulator({ port: 0, seed: 'demo' });
  after(() => emulator.close());
  const taskQueue = uniqueTaskQueue('secrets');

  const worker = runWorkerProcess({
    TEMPORAL_ADDRESS: address,
    LOOKERFLOW_TASK_QUEUE: taskQueue,
    LOOKERSDK_BASE_URL: emulator.baseUrl,
    LOOKERSDK_CLIENT_ID: emulator.clientId,
    LOOKERSDK_CLIENT_SECRET: emulator.clientSecret,
  });
  await worker.ready();
  const loginsAtStart = emulator.admin.counters().byOperation.login ?? 0;

  const start = (type: string, input: unknown) =>
    client.workflow.start(type, { taskQueue, workflowId: `${type}-${taskQueue}-${Math.random().toString(36).slice(2)}`, args: [input], workflowExecutionTimeout: '2m' });

  // A job that succeeds, with the worker's token revoked first so it has to log in again.
  emulator.admin.revokeTokens();
  const onboard = await start('onboardUser', OnboardUserInput.parse({ email: 'secret.keeper@example.com', firstName: 'Secret', lastName: 'Keeper', roles: ['Viewer'] }));
  await onboard.result();
  // A job that fails on a Looker 404, so Looker's error text lands in the history.
  const render = await start('renderDashboard', RenderDashboardInput.parse({ dashboardId: '999999' }));
  await assert.rejects(render.result(), (error) => error instanceof WorkflowFailedError);

  assert.ok(historyText(await onboard.fetchHistory()).includes('secret.keeper@example.com'), 'the scan reads the decoded history');
  for (const handle of [onboard, render]) {
    const history = historyText(await handle.fetchHistory());
    assert.ok(!history.includes(emulator.clientSecret), `${handle.workflowId}: the client secret is in the history`);
    assert.ok(!ACCESS_TOKEN.test(history), `${handle.workflowId}: an access token is in the history`);
  }
  assert.ok((emulator.admin.counters().byOperation.login ?? 0) > loginsAtStart, 'the revoked token made the worker log in again');
  const output = worker.out() + worker.err();
  assert.ok(!output.includes(emulator.clientSecret), 'the client secret is in the worker output');
  assert.ok(!ACCESS_TOKEN.test(output), 'an access token is in the worker output');
});
