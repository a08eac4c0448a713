// pruneJobFiles on the real stack: the folders of closed jobs whose files are older than the
// retention go; an open job's folder stays however old, and so do recent ones. Old uploads go
// too, but for one an open job names in its input. It runs on a Temporal Schedule only once an
// operator creates one, and MCP never offers it.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import { before, describe, it } from 'node:test';
import { Client } from '@temporalio/client';
import { foldersNamedByOpenJobs } from '../activities/open-job-inputs';
import { AesGcmPayloadCodec } from '../common/payload-codec';
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

/** Makes every file under the job's folder (or another folder of the store) look written `days` ago. */
function age(jobId: string, days: number, under = 'jobs'): void {
  const when = new Date(Date.now() - days * DAY_MS);
  const visit = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) visit(full);
      else utimesSync(full, when, when);
    }
  };
  visit(join(stack.filesDir, under, jobId));
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

  it('removes old uploads, but not one an open job names in its input, nor recent ones', async () => {
    const csv = Buffer.from('email,firstName,lastName,roles,groups\nkept.upload@lookerflow.example,Kept,Upload,Viewer,\n');
    const [unused, named, recent] = await Promise.all([jobs.files.upload('old.csv', csv), jobs.files.upload('named.csv', csv), jobs.files.upload('recent.csv', csv)]);
    const uploadFolder = (path: string) => path.split('/')[1];
    for (const upload of [unused, named]) age(uploadFolder(upload.path), 40, 'uploads');
    // A bulkOnboard whose input names the upload, open in Temporal (no worker polls its queue yet).
    const open = await stack.client.workflow.start('bulkOnboard', {
      taskQueue: `${stack.taskQueue}-not-polled`,
      workflowId: `bulkOnboard-holding-${uploadFolder(named.path)}`,
      args: [{ csvFile: named.path, concurrency: 10, usersPerRun: 500 }],
    });
    try {
      const dry = await prune({ olderThanDays: 30, dryRun: true });
      assert.deepEqual(dry.uploads, { removed: 1, removedFiles: 1, removedBytes: csv.length, removedPaths: [`uploads/${uploadFolder(unused.path)}`], keptNamed: 1, keptRecent: 1, left: 0 });
      assert.ok(existsSync(join(stack.filesDir, unused.path)), 'a dry run removes nothing');

      const result = await prune({ olderThanDays: 30 });
      assert.deepEqual(result.uploads, dry.uploads);
      assert.ok(!existsSync(join(stack.filesDir, 'uploads', uploadFolder(unused.path))), 'the old upload no open job names is gone');
      assert.ok(existsSync(join(stack.filesDir, named.path)), 'the open job’s upload stays however old');
      assert.ok(existsSync(join(stack.filesDir, recent.path)));
    } finally {
      await open.terminate('test over');
    }
    const after = await prune({ olderThanDays: 30 });
    assert.deepEqual(after.uploads?.removedPaths, [`uploads/${uploadFolder(named.path)}`], 'once the job is closed its old upload goes');
    assert.ok(existsSync(join(stack.filesDir, recent.path)));
  });

  it('an open job’s encrypted input: a worker without its key keeps every old upload; with the key it reads which one is named', async () => {
    const codec = new AesGcmPayloadCodec({ keys: new Map([['k1', randomBytes(32)]]), currentKeyId: 'k1' });
    const encrypting = new Client({ connection: stack.client.connection, namespace: stack.client.options.namespace, dataConverter: { payloadCodecs: [codec] } });
    const csv = Buffer.from('email,firstName,lastName,roles,groups\nsealed.upload@lookerflow.example,Sealed,Upload,Viewer,\n');
    const [unused, named] = await Promise.all([jobs.files.upload('old.csv', csv), jobs.files.upload('named.csv', csv)]);
    const folderOf = (path: string) => path.split('/').slice(0, 2).join('/');
    for (const upload of [unused, named]) age(folderOf(upload.path).split('/')[1], 40, 'uploads');
    const open = await encrypting.workflow.start('bulkOnboard', {
      taskQueue: `${stack.taskQueue}-not-polled`,
      workflowId: `bulkOnboard-sealed-${randomUUID()}`,
      args: [{ csvFile: named.path, concurrency: 10, usersPerRun: 500 }],
    });
    try {
      const result = await prune({ olderThanDays: 30 });
      assert.deepEqual([result.uploads?.removed, result.uploads?.keptNamed], [0, 2], 'an input the worker cannot read names every upload');
      assert.ok(existsSync(join(stack.filesDir, unused.path)));

      const source = { workflowService: stack.client.workflowService, namespace: stack.client.options.namespace };
      const folders = [folderOf(unused.path), folderOf(named.path)];
      assert.deepEqual([...(await foldersNamedByOpenJobs({ ...source, payloadCodecs: [codec] }, folders, undefined, () => undefined))], [folderOf(named.path)]);
    } finally {
      await open.terminate('test over');
    }
    assert.deepEqual((await prune({ olderThanDays: 30 })).uploads?.removedPaths?.sort(), [folderOf(unused.path), folderOf(named.path)].sort());
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
