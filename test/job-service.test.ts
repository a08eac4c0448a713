// The job service (shared by the MCP server and the CLI) against the real worker, dev server
// and emulator: approvals, Looker retries visible in a report, bounded waits, job lists.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { InterceptingCall, type Interceptor } from '@grpc/grpc-js';
import { Client, Connection } from '@temporalio/client';
import { createJobService, JobRequestError, type JobService } from '../jobs/job-service';
import { waitFor } from '../scripts/wait-for';
import { useFreshLookerStack } from './fresh-stack';
import { onboardInput } from './mcp-helpers';
import type { LookerStack } from './stack';
import { useTemporal } from './harness';
import { usersWithEmail } from './user-jobs';

/** A client whose history long polls (what handle.result() waits with) are counted while open. */
async function clientCountingLongPolls() {
  const counter = { open: 0 };
  const countHistoryPolls: Interceptor = (options, nextCall) => {
    if (!options.method_definition.path.endsWith('/GetWorkflowExecutionHistory')) return new InterceptingCall(nextCall(options));
    return new InterceptingCall(nextCall(options), {
      start(metadata, listener, next) {
        counter.open++;
        next(metadata, {
          onReceiveStatus(status, nextStatus) {
            counter.open--;
            nextStatus(status);
          },
        });
      },
    });
  };
  const connection = await Connection.connect({ address: (await useTemporal()).address, interceptors: [countHistoryPolls] });
  after(() => connection.close());
  return { counter, client: new Client({ connection, namespace: 'default' }) };
}

const getStack = useFreshLookerStack({ seed: 'demo' });
let stack: LookerStack;
let jobs: JobService;

const archiveInput = { unusedDays: 365, contentTypes: ['dashboard'], action: 'soft_delete', dryRun: false };
const trashed = () => Object.values(stack.emulator.admin.state().dashboards).filter((d) => d.deleted).map((d) => d.id).sort();

/** Starts an archive run and waits until it asks for approval. */
async function archiveAwaitingApproval() {
  const { jobId } = await jobs.startJob({ type: 'archiveStaleContent', input: archiveInput });
  const report = await jobs.waitForJob(jobId, { timeoutMs: 60_000 });
  assert.equal(report.status, 'waiting-for-approval', JSON.stringify(report));
  assert.equal(report.approval?.status, 'waiting');
  return report;
}

describe('job service', () => {
  before(() => {
    stack = getStack();
    jobs = createJobService({ client: stack.client, taskQueue: stack.taskQueue, uiBaseUrl: 'http://localhost:8233' });
  });

  it('a rejected archive run changes nothing and records the reason', async () => {
    const trashedBefore = trashed();
    const { jobId } = await archiveAwaitingApproval();
    const listed = await waitFor('the job listed as waiting', async () => {
      const { jobs: waiting } = await jobs.listJobs({ status: 'waiting-for-approval' });
      return waiting.find((j) => j.jobId === jobId);
    });
    assert.equal(listed.type, 'archiveStaleContent');

    await jobs.decide(jobId, { approved: false, reason: 'keep them for the audit', by: 'test' });
    const done = await jobs.waitForJob(jobId, { timeoutMs: 60_000 });
    assert.equal(done.status, 'completed');
    assert.deepEqual((done.result as any).outcome, 'rejected');
    assert.deepEqual((done.result as any).decision, { reason: 'keep them for the audit', by: 'test' });
    assert.deepEqual(trashed(), trashedBefore);
    await assert.rejects(jobs.decide(jobId, { approved: true, reason: 'too late', by: 'test' }), /not waiting for approval \(it is completed\)/);
  });

  it('an approved archive run moves the stale dashboards to the Trash', async () => {
    const trashedBefore = trashed();
    const { jobId } = await archiveAwaitingApproval();
    await jobs.decide(jobId, { approved: true, reason: 'list checked', by: 'test' });
    const done = await jobs.waitForJob(jobId, { timeoutMs: 60_000 });
    assert.equal(done.status, 'completed', JSON.stringify(done));
    // The result counts what was archived (the manifest names every item).
    const { archived } = done.result as { archived: number };
    assert.ok(archived > 0);
    const trashedNow = trashed();
    assert.equal(trashedNow.length, trashedBefore.length + archived);
    for (const id of trashedBefore) assert.ok(trashedNow.includes(id), `dashboard ${id} is still in the Trash`);
  });

  it('a job through a Looker 429 storm: a short wait returns the running job; it then completes with the user created once', async () => {
    stack.emulator.admin.injectFault({ status: 429, count: 4, retryAfterSeconds: 2 });
    const email = `storm.${stack.taskQueue}@company.com`;
    const { jobId } = await jobs.startJob({ type: 'onboardUser', input: onboardInput(email) });
    const early = await jobs.waitForJob(jobId, { timeoutMs: 200 });
    assert.equal(early.status, 'running');
    const done = await jobs.waitForJob(jobId, { timeoutMs: 60_000 });
    assert.equal(done.status, 'completed', JSON.stringify(done));
    assert.equal(usersWithEmail(stack.emulator, email).length, 1);
    assert.equal(stack.emulator.admin.counters().throttled429, 4, 'Looker refused four calls');
  });

  it('a listed job shows what its report shows: type, target, status, times and link', async () => {
    const email = `listed.${stack.taskQueue}@company.com`;
    const { jobId } = await jobs.startJob({ type: 'onboardUser', input: onboardInput(email) });
    const report = await jobs.waitForJob(jobId, { timeoutMs: 60_000 });
    assert.equal(report.status, 'completed', JSON.stringify(report));
    const listed = await waitFor('the job listed as completed', async () => {
      const found = (await jobs.listJobs({ type: 'onboardUser', pageSize: 100 })).jobs.find((j) => j.jobId === jobId);
      return found?.status === 'completed' ? found : undefined;
    });
    assert.deepEqual(listed, { jobId, type: 'onboardUser', target: email, status: 'completed', startedAt: report.startedAt, closedAt: report.closedAt, uiUrl: report.uiUrl });
  });

  it('lists jobs by type, page by page, and refuses a bad time window', async () => {
    const started = [];
    for (const n of [1, 2, 3]) started.push((await jobs.startJob({ type: 'onboardUser', input: onboardInput(`page${n}.${stack.taskQueue}@company.com`) })).jobId);
    await waitFor('all three listed', async () => (await jobs.listJobs({ type: 'onboardUser', pageSize: 100 })).jobs.length >= 3 || undefined);
    const first = await jobs.listJobs({ type: 'onboardUser', pageSize: 2 });
    assert.equal(first.jobs.length, 2);
    assert.ok(first.nextPageToken);
    const rest = await jobs.listJobs({ type: 'onboardUser', pageSize: 100, pageToken: first.nextPageToken });
    const all = [...first.jobs, ...rest.jobs].map((j) => j.jobId);
    for (const id of started) assert.ok(all.includes(id), `${id} listed`);
    assert.equal(new Set(all).size, all.length, 'no job on two pages');
    assert.deepEqual((await jobs.listJobs({ type: 'queryToDashboard' })).jobs, []);
    await assert.rejects(jobs.listJobs({ startedAfter: 'yesterday' }), (e) => e instanceof JobRequestError && /startedAfter: must be an ISO time/.test(e.message));
    await assert.rejects(jobs.getJob('no-such-job'), /No job with id `no-such-job`/);
  });

  it('a wait that returns on a job waiting for approval leaves no history long poll open', async () => {
    const { counter, client } = await clientCountingLongPolls();
    const counted = createJobService({ client, taskQueue: stack.taskQueue, uiBaseUrl: 'http://localhost:8233' });
    const { jobId } = await jobs.startJob({ type: 'archiveStaleContent', input: archiveInput });
    const report = await counted.waitForJob(jobId, { timeoutMs: 60_000 });
    assert.equal(report.status, 'waiting-for-approval', JSON.stringify(report));
    const short = await counted.waitForJob(jobId, { timeoutMs: 100 });
    assert.equal(short.status, 'waiting-for-approval');
    // The job goes on waiting; nothing may still be polling its history for the result.
    await waitFor('no open history long poll', () => counter.open === 0, { timeoutMs: 5_000 });
    await jobs.decide(jobId, { approved: false, reason: 'test over', by: 'test' });
  });

  it('the same idempotency key with a different input is refused, naming the key and what differs', async () => {
    const email = `key.${stack.taskQueue}@company.com`;
    const idempotencyKey = `key-${stack.taskQueue}`;
    const first = await jobs.startJob({ type: 'onboardUser', input: onboardInput(email), idempotencyKey });
    // Equal input in another key order, defaults spelled out: the same job.
    const again = await jobs.startJob({ type: 'onboardUser', input: { sendSetupEmail: false, ...onboardInput(email) }, idempotencyKey });
    assert.equal(again.jobId, first.jobId);
    const changed = { ...onboardInput(email), roles: ['Developer'], lastName: 'Other' };
    await assert.rejects(
      jobs.startJob({ type: 'onboardUser', input: changed, idempotencyKey }),
      (e) => e instanceof JobRequestError && e.message.includes(`\`${idempotencyKey}\``) && /lastName, roles/.test(e.message) && e.message.includes(first.jobId),
    );
    const done = await jobs.waitForJob(first.jobId, { timeoutMs: 60_000 });
    assert.equal(done.status, 'completed', JSON.stringify(done));
    // After it finished, the changed input is still refused rather than answered with the old job.
    await assert.rejects(jobs.startJob({ type: 'onboardUser', input: changed, idempotencyKey }), /differs in lastName, roles/);
  });
});
