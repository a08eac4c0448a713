// pruneJobFiles on the real stack: the folders of closed jobs whose files are older than the
// retention go; an open job's folder stays however old, and so do recent ones. It runs on a
// Temporal Schedule only once an operator creates one, and MCP never offers it.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import type { PruneJobFilesResult } from '../contracts/prune-job-files';
import { JOB_TYPES } from '../jobs/catalog';
import { createJobService, type JobService } from '../jobs/job-service';
import { pruneJobFilesJob } from '../jobs/prune-job-files';
import { exposedJobTypes, OPEN_POLICY } from '../mcp/policy';
import { waitFor } from '../scripts/wait-for';
import { startLookerStack, type LookerStack } from './stack';

let stack: LookerStack;
let jobs: JobService;
const ready = startLookerStack({ seed: 'demo', queryDurationMs: 100 });
const DAY_MS = 24 * 3600_000;

/** Makes every file under the job's folder look written `days` ago. */
function age(jobId: string, days: number): void {
  const when = new Date(Date.now() - days * DAY_MS);
  const visit = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) visit(full);
      else utimesSync(full, when, when);
    }
  };
  visit(join(stack.filesDir, 'jobs', jobId));
}

const folder = (jobId: string) => join(stack.filesDir, 'jobs', jobId);

async function completed(type: string, input: unknown): Promise<string> {
  const { jobId } = await jobs.startJob({ type, input });
  assert.equal((await jobs.waitForJob(jobId, { timeoutMs: 120_000 })).status, 'completed');
  return jobId;
}

const prune = (input: object) => stack.runJob<PruneJobFilesResult>('pruneJobFiles', pruneJobFilesJob.input.parse(input));

describe('pruneJobFiles', () => {
  let oldClosed: string;
  let recentClosed: string;
  let oldOpen: string;
  before(async () => {
    stack = await ready;
    jobs = createJobService({ client: stack.client, taskQueue: stack.taskQueue, uiBaseUrl: 'http://localhost:8233' });
    oldClosed = await completed('renderDashboard', { dashboardId: '1', format: 'pdf' });
    recentClosed = await completed('renderDashboard', { dashboardId: '1', format: 'png' });
    const archive = await jobs.startJob({ type: 'archiveStaleContent', input: { action: 'soft_delete', unusedDays: 365, dryRun: false, requireApproval: true, approvalTimeout: '30m' } });
    oldOpen = archive.jobId;
    assert.equal((await jobs.waitForJob(oldOpen, { timeoutMs: 120_000 })).status, 'waiting-for-approval');
    // A folder Temporal no longer knows (its run is past the namespace's retention).
    mkdirSync(folder('renderDashboard-long-gone/renderToFile'), { recursive: true });
    writeFileSync(join(folder('renderDashboard-long-gone/renderToFile'), 'dashboard-1.pdf'), 'old');
    for (const jobId of [oldClosed, oldOpen, 'renderDashboard-long-gone']) age(jobId, 40);
  });

  it('a dry run counts what would go and removes nothing', async () => {
    const result = await prune({ olderThanDays: 30, dryRun: true });
    assert.equal(result.dryRun, true);
    assert.deepEqual(result.removed.sort(), [oldClosed, 'renderDashboard-long-gone'].sort());
    assert.equal(result.keptOpen, 1);
    assert.ok(existsSync(folder(oldClosed)));
  });

  it('removes the old folders of closed jobs; an open job’s and recent ones stay', async () => {
    const bytes = statSync(join(folder(oldClosed), 'renderToFile', 'dashboard-1.pdf')).size;
    const result = await prune({ olderThanDays: 30 });
    assert.deepEqual(result.removed.sort(), [oldClosed, 'renderDashboard-long-gone'].sort());
    assert.equal(result.removedJobs, 2);
    assert.equal(result.removedBytes, bytes + 3);
    assert.equal(result.keptOpen, 1);
    assert.ok(result.keptRecent >= 1);
    assert.ok(!existsSync(folder(oldClosed)) && !existsSync(folder('renderDashboard-long-gone')));
    assert.ok(existsSync(folder(oldOpen)), 'the job waiting for approval keeps its list');
    assert.ok(existsSync(folder(recentClosed)));
    await jobs.decide(oldOpen, { approved: false, reason: 'test over', by: 'test' });
  });

  it('runs on a schedule only once an operator creates one; MCP never offers it', async () => {
    assert.ok(!(await jobs.listSchedules()).some((s) => s.type === 'pruneJobFiles'), 'no schedule exists unless asked for');
    const schedule = await jobs.createSchedule({ type: 'pruneJobFiles', input: { olderThanDays: 3650 }, cron: '0 3 * * *', paused: true });
    try {
      await jobs.triggerSchedule(schedule.scheduleId);
      const jobId = await waitFor('the scheduled run', async () => (await jobs.describeSchedule(schedule.scheduleId)).recentJobs[0]);
      const report = await jobs.waitForJob(jobId, { timeoutMs: 60_000 });
      assert.equal(report.status, 'completed', JSON.stringify(report));
      assert.equal((report.result as PruneJobFilesResult).removedJobs, 0);
    } finally {
      await jobs.deleteSchedule(schedule.scheduleId);
    }
    assert.ok(!exposedJobTypes(OPEN_POLICY, JOB_TYPES).some((j) => j.type === 'pruneJobFiles'));
  });
});
