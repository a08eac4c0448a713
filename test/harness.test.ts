// Proves the test harness itself: the real dev server, real workers, real I/O, and a
// workflow that outlives the worker it started on.
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test, type TestContext } from 'node:test';
import { temporal } from '@temporalio/proto';
import { waitFor } from '../scripts/wait-for';
import { harnessActivities } from './harness-activities';
import { startTestWorker, uniqueTaskQueue, useTemporal } from './harness';

type Handler = (req: IncomingMessage, res: ServerResponse, requestNumber: number) => void;

async function startHttpServer(t: TestContext, handler: Handler) {
  let requests = 0;
  const server = createServer((req, res) => handler(req, res, ++requests));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => {
    server.closeAllConnections();
    server.close();
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, requests: () => requests };
}

const EventType = temporal.api.enums.v1.EventType;

test('a workflow whose activity does real HTTP I/O completes, and its history is on the server', async (t) => {
  const { client } = await useTemporal();
  const http = await startHttpServer(t, (_req, res) => res.end('world'));
  const { taskQueue } = await startTestWorker({ activities: harnessActivities });

  const handle = await client.workflow.start('fetchAndGreet', {
    taskQueue,
    workflowId: `greet-${taskQueue}`,
    args: [http.url],
  });
  assert.equal(await handle.result(), 'hello, world');

  const history = await handle.fetchHistory();
  const types = history.events!.map((e) => e.eventType);
  assert.ok(types.includes(EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED), 'activity completion is recorded');
  assert.equal(types.at(-1), EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);
  assert.equal(http.requests(), 1);
});

test('a workflow survives its worker stopping mid-activity: a new worker retries the activity and completes it', async (t) => {
  const { client } = await useTemporal();
  // The first request hangs until the worker that sent it goes away; later ones answer at once.
  const http = await startHttpServer(t, (_req, res, n) => {
    if (n > 1) res.end('again');
  });
  const taskQueue = uniqueTaskQueue();
  const first = await startTestWorker({ activities: harnessActivities, taskQueue, identity: 'worker-a', graceTime: '500ms' });

  const handle = await client.workflow.start('fetchAndGreet', { taskQueue, workflowId: `restart-${taskQueue}`, args: [http.url] });
  await waitFor('the first activity attempt to reach the HTTP server', () => (http.requests() >= 1 ? true : undefined));
  await first.stop();

  await startTestWorker({ activities: harnessActivities, taskQueue, identity: 'worker-b' });
  assert.equal(await handle.result(), 'hello, again');

  const started = (await handle.fetchHistory()).events!.find(
    (e) => e.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED,
  )!.activityTaskStartedEventAttributes!;
  assert.equal(started.identity, 'worker-b', 'the attempt that completed ran on the new worker');
  assert.ok((started.attempt ?? 0) >= 2, `the activity was retried (attempt ${started.attempt})`);
  assert.equal(http.requests(), 2);
});
