// A 429 storm that meets a worker before it has logged in: the login is governed like any call,
// so the refusals are waited out inside the activities and no activity is attempted twice.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { createJobService } from '../jobs/job-service';
import { onboardInput } from './mcp-helpers';
import { startLookerStack } from './stack';
import { usersWithEmail } from './user-jobs';

it('a 4 × 429 storm before the first login: the onboarding completes with every activity on its first attempt', async () => {
  const stack = await startLookerStack({ seed: 'demo' });
  // Nothing has called Looker yet: the first call logs in, and that login meets the storm.
  stack.emulator.admin.injectFault({ status: 429, count: 4, retryAfterSeconds: 1 });
  const jobs = createJobService({ client: stack.client, taskQueue: stack.taskQueue, uiBaseUrl: 'http://localhost:8233' });
  const email = `login.storm.${stack.taskQueue}@company.com`;
  const { jobId } = await jobs.startJob({ type: 'onboardUser', input: onboardInput(email) });
  const done = await jobs.waitForJob(jobId, { timeoutMs: 90_000 });
  assert.equal(done.status, 'completed', JSON.stringify(done));
  assert.equal(usersWithEmail(stack.emulator, email).length, 1);
  const counters = stack.emulator.admin.counters();
  assert.equal(counters.throttled429, 4, 'Looker refused four calls');
  assert.ok((counters.byOperation.login ?? 0) >= 2, `the storm met the login (${counters.byOperation.login ?? 0} login calls)`);

  const history = await stack.client.workflow.getHandle(jobId).fetchHistory();
  const attempts = history.events!.flatMap((e) => (e.activityTaskStartedEventAttributes ? [e.activityTaskStartedEventAttributes.attempt ?? 1] : []));
  assert.ok(attempts.length > 0);
  assert.deepEqual(attempts.filter((a) => a > 1), [], `activity attempts: ${attempts.join(', ')}`);
});
