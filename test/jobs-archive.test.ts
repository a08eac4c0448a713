// archiveStaleContent and restoreArchivedContent on the real dev server and worker, against
// the Looker emulator's demo seed; assertions read the emulator's state.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { WorkflowHandle, WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import { archiveFiles, type ArchivePart } from '../activities/archive-files';
import { createLocalFileStore } from '../activities/file-store';
import type { ApprovalDecision, ApprovalState } from '../contracts/approval';
import { RESULT_SAMPLE, type ArchiveStaleContentResult } from '../contracts/archive-stale-content';
import type { JobProgress } from '../contracts/job';
import type { RestoreArchivedContentResult } from '../contracts/restore-archived-content';
import { DEMO_IDS, startEmulator, type EmulatorState } from '../emulator';
import { ArchiveStaleContentInput } from '../jobs/archive-stale-content';
import { RestoreArchivedContentInput } from '../jobs/restore-archived-content';
import { waitFor } from '../scripts/wait-for';
import { jobFailedWith, useFreshLookerStack } from './fresh-stack';
import { historyPayloads } from './job-helpers';

const LEGACY = DEMO_IDS.staleDashboard;
const LOOKML = new Set<string>(DEMO_IDS.lookmlDashboards);
const statePath = join(tmpdir(), `lookerflow-archive-${process.pid}.json`);

const stack = useFreshLookerStack({ seed: 'demo', statePath });
let runs = 0;

/** Input as the job service would pass it: validated, defaults applied. */
const archiveInput = (input: Record<string, unknown>) => ArchiveStaleContentInput.parse(input);

function startArchive(input: Record<string, unknown>): Promise<WorkflowHandleWithFirstExecutionRunId> {
  return stack().client.workflow.start('archiveStaleContent', {
    taskQueue: stack().taskQueue,
    workflowId: `archive-${stack().taskQueue}-${++runs}`,
    args: [archiveInput(input)],
    workflowExecutionTimeout: '2m',
  });
}

const restore = (jobId: string, extra: Record<string, unknown> = {}) =>
  stack().runJob<RestoreArchivedContentResult>('restoreArchivedContent', RestoreArchivedContentInput.parse({ jobId, ...extra }));

/** Starts a restore that continues as new every `itemsPerRun` items. */
function startRestore(jobId: string, itemsPerRun: number): Promise<WorkflowHandleWithFirstExecutionRunId> {
  return stack().client.workflow.start('restoreArchivedContent', {
    taskQueue: stack().taskQueue,
    workflowId: `restore-${stack().taskQueue}-${++runs}`,
    args: [RestoreArchivedContentInput.parse({ jobId, itemsPerRun })],
    workflowExecutionTimeout: '2m',
  });
}

async function decideWhenAsked(handle: WorkflowHandle, decision: ApprovalDecision): Promise<ArchiveStaleContentResult> {
  await waitFor('the job to ask for approval', async () => ((await handle.query<ApprovalState>('approval')).status === 'waiting' ? true : undefined));
  await handle.executeUpdate('decide', { args: [decision] });
  return handle.result();
}

/** What archiving may change: each dashboard's and Look's trash state and folder. */
function contentPlacement(state: EmulatorState) {
  const place = (items: Record<string, { deleted: boolean; folder_id: string }>) =>
    Object.fromEntries(Object.entries(items).map(([id, c]) => [id, `${c.deleted ? 'trash' : 'live'}:${c.folder_id}`]));
  return { dashboards: place(state.dashboards), looks: place(state.looks), folders: Object.keys(state.folders).length };
}

function writesSeen(): number {
  const ops = stack().emulator.admin.counters().byOperation;
  return ['update_dashboard', 'update_look', 'move_dashboard', 'move_look', 'create_folder'].reduce((sum, op) => sum + (ops[op] ?? 0), 0);
}

/** `type:id` of each row of the run's CSV report, in report order. */
function reportedIds(result: ArchiveStaleContentResult): string[] {
  const csv = readFileSync(join(stack().filesDir, result.report.csvPath), 'utf8');
  return csv.trim().split('\n').slice(1).map((line) => line.split(',').slice(0, 2).join(':'));
}

/** Everything the run's manifest records as archived and skipped, read from the file store. */
async function manifestOf(result: ArchiveStaleContentResult): Promise<ArchivePart & { ids: string[] }> {
  const files = archiveFiles(createLocalFileStore(stack().filesDir), result.jobId);
  const manifest = await files.readManifest();
  assert.ok(manifest, `${result.jobId} wrote a manifest`);
  assert.equal(result.manifestPath, 'jobs/' + result.jobId + '/archiveStaleContent/manifest.json');
  const all: ArchivePart = { archived: [], skipped: [] };
  for (let start = 0; start < manifest.candidates; start += manifest.candidatesPerFile) {
    const part = await files.readPart(start);
    all.archived.push(...part.archived);
    all.skipped.push(...part.skipped);
  }
  assert.equal(all.archived.length, result.archived);
  assert.equal(all.skipped.length, result.skipped);
  return { ...all, ids: all.archived.map((i) => `${i.type}:${i.id}`).sort() };
}

describe('archiveStaleContent', () => {
  it('dry run: reports stale content only, writes the report files and changes nothing', async () => {
    const before = contentPlacement(stack().emulator.admin.state());
    const handle = await startArchive({ action: 'soft_delete' });
    const result = (await handle.result()) as ArchiveStaleContentResult;
    const state = stack().emulator.admin.state();

    assert.equal(result.outcome, 'reported');
    assert.deepEqual(contentPlacement(state), before);
    assert.equal(writesSeen(), 0);

    const reported = reportedIds(result);
    assert.equal(reported.length, result.candidates);
    assert.ok(reported.includes(`dashboard:${LEGACY}`), 'the 400-day-old Legacy Marketing Funnel is stale');
    for (const recent of [DEMO_IDS.dauDashboard, DEMO_IDS.revenueDashboard]) assert.ok(!reported.includes(`dashboard:${recent}`));
    assert.ok(!reported.includes(`look:${DEMO_IDS.revenueLook}`));
    const trashed = Object.values(state.dashboards).filter((d) => d.deleted).map((d) => `dashboard:${d.id}`);
    assert.ok(trashed.length >= 4);
    for (const id of [...trashed, ...[...LOOKML].map((id) => `dashboard:${id}`)]) assert.ok(!reported.includes(id), `${id} must not be reported`);
    assert.match(readFileSync(join(stack().filesDir, result.report.markdownPath), 'utf8'), /Legacy Marketing Funnel 2019/);
    assert.match(result.report.preview, /\| Type \| Id \| Title \| Owner \| Folder \| Last viewed \|/);

    // Every reported item really was last used before the cutoff.
    const staleBefore = Date.parse(result.staleBefore);
    for (const key of reported) {
      const [type, id] = key.split(':');
      const c = type === 'dashboard' ? state.dashboards[id] : state.looks[id];
      assert.ok(Date.parse(c.last_accessed_at ?? c.last_viewed_at ?? c.created_at) < staleBefore, `${key} is not stale`);
    }
  });

  it('a scan split over several runs (continue-as-new) reports the same candidates as one run', async () => {
    const whole = (await (await startArchive({ action: 'soft_delete' })).result()) as ArchiveStaleContentResult;
    const handle = await startArchive({ action: 'soft_delete', scanPagesPerRun: 1 });
    const split = (await handle.result()) as ArchiveStaleContentResult;

    const { runId } = await handle.describe();
    assert.notEqual(runId, handle.firstExecutionRunId, 'the scan continued as new');
    assert.ok(split.scanned > 100, 'more than one page was scanned');
    assert.equal(split.scanned, whole.scanned);
    assert.deepEqual(reportedIds(split).sort(), reportedIds(whole).sort());
  });

  it('approved soft delete trashes exactly the stale items, ten per run, through a lost response and a worker restart; restore undoes exactly that job', async () => {
    const before = contentPlacement(stack().emulator.admin.state());
    // The first re-check (a `dashboard` read) is answered 429, which holds archiving for two seconds.
    stack().emulator.admin.injectFault({ status: 429, count: 1, operation: 'dashboard', retryAfterSeconds: 2 });
    stack().emulator.admin.injectFault({ kind: 'drop-after-apply', count: 1, operation: 'update_dashboard' });
    const handle = await startArchive({ action: 'soft_delete', unusedDays: 365, dryRun: false, archiveItemsPerRun: 10 });
    await waitFor('the job to ask for approval', async () => ((await handle.query<ApprovalState>('approval')).status === 'waiting' ? true : undefined));
    await handle.executeUpdate('decide', { args: [{ approved: true, reason: 'ok', by: 'test' }] });
    await waitFor('archiving to start', async () => ((await handle.query<JobProgress>('progress')).step === 'archiving' ? true : undefined));
    await stack().worker.stop();
    Object.assign(stack(), { worker: await stack().startWorker('replacement worker') });
    const result = (await handle.result()) as ArchiveStaleContentResult;

    assert.equal(stack().emulator.admin.faults().length, 0, 'the 429 and the lost response both happened');
    assert.equal(result.outcome, 'archived');
    assert.ok(result.candidates > 20, `enough stale items for three runs (${result.candidates})`);
    assert.notEqual((await handle.describe()).runId, handle.firstExecutionRunId, 'archiving continued as new');
    assert.deepEqual(result.decision, { reason: 'ok', by: 'test' });
    const manifest = await manifestOf(result);
    assert.ok(manifest.ids.includes(`dashboard:${LEGACY}`));
    assert.equal(result.archived, result.candidates);
    assert.deepEqual(manifest.ids, reportedIds(result).sort());
    assert.equal(result.sample.archived.length, Math.min(RESULT_SAMPLE, result.archived), 'the result names only a sample');
    const after = contentPlacement(stack().emulator.admin.state());
    for (const item of manifest.archived) assert.match(after[`${item.type}s` as 'dashboards'][item.id], /^trash:/);
    const untouched = (p: ReturnType<typeof contentPlacement>) => ({
      dashboards: Object.entries(p.dashboards).filter(([id]) => !manifest.ids.includes(`dashboard:${id}`)),
      looks: Object.entries(p.looks).filter(([id]) => !manifest.ids.includes(`look:${id}`)),
    });
    assert.deepEqual(untouched(after), untouched(before));

    const restored = await restore(result.jobId);
    assert.equal(restored.restored, manifest.archived.length);
    assert.equal(restored.unchanged, 0);
    // The seed's own Trash stays as it was: only this run's items came back.
    assert.deepEqual(contentPlacement(stack().emulator.admin.state()), before);

    const again = await restore(result.jobId);
    assert.equal(again.restored, 0);
    assert.equal(again.unchanged, result.archived);
    assert.match(again.sample.unchanged[0]?.reason ?? '', /not in the Trash/);
    assert.deepEqual(contentPlacement(stack().emulator.admin.state()), before);
  });

  it('move: creates the archive folder once, moves stale items into it; a re-run and a lost response change nothing twice', async () => {
    stack().emulator.admin.injectFault({ kind: 'drop-after-apply', count: 1, operation: 'move_dashboard' });
    stack().emulator.admin.injectFault({ kind: 'drop-after-apply', count: 1, operation: 'create_folder' });
    const input = { action: 'move', archiveFolder: { name: 'Stale content archive' }, unusedDays: 365, dryRun: false, requireApproval: false };
    const first = (await (await startArchive(input)).result()) as ArchiveStaleContentResult;

    let state = stack().emulator.admin.state();
    const archiveFolders = Object.values(state.folders).filter((f) => f.name === 'Stale content archive');
    assert.equal(archiveFolders.length, 1);
    assert.equal(first.archiveFolderId, archiveFolders[0].id);
    const manifest = await manifestOf(first);
    assert.ok(manifest.ids.includes(`dashboard:${LEGACY}`));
    assert.equal(first.archived, first.candidates, 'the item whose move answer was lost counts as archived, not as already there');
    for (const item of manifest.archived) {
      const c = item.type === 'dashboard' ? state.dashboards[item.id] : state.looks[item.id];
      assert.equal(c.folder_id, archiveFolders[0].id);
      assert.equal(c.deleted, false);
    }
    assert.equal(stack().emulator.admin.faults().length, 0, 'both lost responses happened');

    const second = (await (await startArchive(input)).result()) as ArchiveStaleContentResult;
    assert.equal(second.outcome, 'nothing-stale');
    state = stack().emulator.admin.state();
    assert.equal(Object.values(state.folders).filter((f) => f.name === 'Stale content archive').length, 1);

    const restored = await restore(first.jobId);
    assert.equal(restored.restored, first.archived);
    state = stack().emulator.admin.state();
    for (const item of manifest.archived) {
      const c = item.type === 'dashboard' ? state.dashboards[item.id] : state.looks[item.id];
      assert.equal(c.folder_id, item.folderId, `${item.type} ${item.id} is back in its folder`);
    }
  });

  it('restore refuses an archive that is still archiving, and restores it once it has finished', async () => {
    // Every soft delete is answered 429 until the faults are cleared: archiving is held mid-way.
    stack().emulator.admin.injectFault({ status: 429, count: 10_000, operation: 'update_dashboard', retryAfterSeconds: 1 });
    const handle = await startArchive({ action: 'soft_delete', unusedDays: 365, dryRun: false, requireApproval: false });
    await waitFor('archiving to start', async () => ((await handle.query<JobProgress>('progress')).step === 'archiving' ? true : undefined));
    const before = contentPlacement(stack().emulator.admin.state());
    await assert.rejects(restore(handle.workflowId), jobFailedWith(new RegExp(`${handle.workflowId} is still archiving`)));
    assert.deepEqual(contentPlacement(stack().emulator.admin.state()), before, 'the refused restore changed nothing');
    stack().emulator.admin.clearFaults();
    const result = (await handle.result()) as ArchiveStaleContentResult;
    assert.equal(result.outcome, 'archived');
    const restored = await restore(handle.workflowId);
    assert.equal(restored.restored, result.archived);
  });

  it('restore reports an item whose original folder is gone as unchanged with the reason, restores the rest, and continues as new', async () => {
    const input = { action: 'move', archiveFolder: { name: 'Archive for a gone folder' }, unusedDays: 365, dryRun: false, requireApproval: false };
    const archived = (await (await startArchive(input)).result()) as ArchiveStaleContentResult;
    const manifest = await manifestOf(archived);
    // Removed as the emulator's own delete_folder removes it: the record only.
    const gone = manifest.archived[0].folderId;
    const fromGone = manifest.archived.filter((i) => i.folderId === gone).length;
    await restartEmulatorWith((saved) => {
      delete saved.folders[gone];
    });

    const handle = await startRestore(archived.jobId, 3);
    const result = (await handle.result()) as RestoreArchivedContentResult;
    assert.equal(result.unchanged, fromGone);
    assert.equal(result.restored, archived.archived - fromGone);
    assert.ok(result.sample.unchanged.length > 0);
    for (const item of result.sample.unchanged) assert.match(item.reason, new RegExp(`folder ${gone} no longer exists`));
    const after = stack().emulator.admin.state();
    for (const item of manifest.archived.filter((i) => i.folderId !== gone)) {
      const c = item.type === 'dashboard' ? after.dashboards[item.id] : after.looks[item.id];
      assert.equal(c.folder_id, item.folderId, `${item.type} ${item.id} is back in its folder`);
    }
    const payloads = await payloadsOfEveryRun(handle);
    assert.ok(payloads.runs >= 2, `restoring continued as new (${payloads.runs} runs)`);
  });

  it('a restore batch retried after a lost response goes on from its last heartbeat instead of starting over', async () => {
    const input = { action: 'soft_delete', contentTypes: ['dashboard'], unusedDays: 365, dryRun: false, requireApproval: false };
    const archived = (await (await startArchive(input)).result()) as ArchiveStaleContentResult;
    const manifest = await manifestOf(archived);
    assert.ok(manifest.archived.length > 8, `enough archived dashboards (${manifest.archived.length})`);
    // The first five are out of the Trash already, so the first restore write (whose answer is
    // lost) is the sixth item's: a retry that starts over would read the first six again.
    const firstFive = manifest.archived.slice(0, 5).map((i) => i.id);
    await restartEmulatorWith((saved) => {
      for (const id of firstFive) saved.dashboards[id].deleted = false;
    });
    stack().emulator.admin.clearCalls();
    stack().emulator.admin.injectFault({ kind: 'drop-after-apply', count: 1, operation: 'update_dashboard' });
    const restored = await restore(archived.jobId);
    assert.equal(stack().emulator.admin.faults().length, 0, 'the lost response happened');
    assert.equal(restored.restored + restored.unchanged, manifest.archived.length);
    // Reads answered (the restarted emulator first answers 401 once: a fresh login, then the same read).
    const reads = stack().emulator.admin.calls().filter((c) => c.operationId === 'dashboard' && c.status === 200).length;
    assert.equal(reads, manifest.archived.length + 1, 'only the item whose answer was lost was read twice');
  });

  it('file store work runs on the files task queue, not on the Looker API queue and its rate budget', async () => {
    const input = { action: 'soft_delete', contentTypes: ['dashboard'], unusedDays: 365, dryRun: false, requireApproval: false };
    const archive = await startArchive(input);
    const result = (await archive.result()) as ArchiveStaleContentResult;
    const restoring = await startRestore(result.jobId, 500);
    await restoring.result();
    const queues = new Map<string, Set<string>>();
    for (const handle of [archive, restoring]) {
      for (const event of (await handle.fetchHistory()).events ?? []) {
        const scheduled = event.activityTaskScheduledEventAttributes;
        if (!scheduled) continue;
        const type = scheduled.activityType?.name ?? '';
        queues.set(type, new Set([...(queues.get(type) ?? []), scheduled.taskQueue?.name ?? '']));
      }
    }
    const fileWork = ['saveArchiveReport', 'saveArchiveManifest', 'readArchiveManifest'];
    for (const [type, names] of queues) {
      const expected = fileWork.includes(type) ? `${stack().taskQueue}-files` : `${stack().taskQueue}-looker-api`;
      assert.deepEqual([...names], [expected], `${type} runs on ${expected}`);
    }
    for (const type of fileWork) assert.ok(queues.has(type), `${type} ran`);
  });

  it('skips an item viewed between the scan and the approval', async () => {
    const handle = await startArchive({ action: 'soft_delete', contentTypes: ['dashboard'], unusedDays: 365, dryRun: false });
    await waitFor('the approval request', async () => ((await handle.query<ApprovalState>('approval')).status === 'waiting' ? true : undefined));
    // The emulator's API never records views, so someone opening the dashboard is played by
    // editing the emulator's saved state and starting it again on the same address.
    await restartEmulatorWith((state) => {
      const now = new Date().toISOString();
      Object.assign(state.dashboards[LEGACY], { last_viewed_at: now, last_accessed_at: now, view_count: state.dashboards[LEGACY].view_count + 1 });
    });
    const result = await decideWhenAsked(handle, { approved: true, by: 'test' });

    const manifest = await manifestOf(result);
    assert.ok(!manifest.ids.includes(`dashboard:${LEGACY}`));
    assert.match(manifest.skipped.find((s) => s.id === LEGACY)?.reason ?? '', /viewed since the scan/);
    assert.deepEqual(result.sample.skipped.map((s) => s.id), [LEGACY]);
    assert.equal(result.archived, result.candidates - 1);
    assert.equal(stack().emulator.admin.state().dashboards[LEGACY].deleted, false);
  });

  for (const [name, decide] of [
    ['rejected', (h: WorkflowHandle) => decideWhenAsked(h, { approved: false, reason: 'not now', by: 'test' })],
    ['not decided in time', (h: WorkflowHandle) => h.result() as Promise<ArchiveStaleContentResult>],
  ] as const) {
    it(`${name}: nothing changes and the result says so`, async () => {
      const before = contentPlacement(stack().emulator.admin.state());
      const handle = await startArchive({ action: 'soft_delete', unusedDays: 365, dryRun: false, approvalTimeout: '2s' });
      const result = await decide(handle);

      assert.equal(result.outcome, name === 'rejected' ? 'rejected' : 'timed-out');
      if (name === 'rejected') assert.deepEqual(result.decision, { reason: 'not now', by: 'test' });
      assert.equal(result.archived, 0);
      assert.equal(result.manifestPath, undefined);
      assert.deepEqual(contentPlacement(stack().emulator.admin.state()), before);
      assert.equal(writesSeen(), 0);
      await assert.rejects(restore(result.jobId), jobFailedWith(/no archive manifest/));
    });
  }

  it('a 429 storm: the dry run completes with the same report', async () => {
    const calm = (await (await startArchive({ action: 'soft_delete' })).result()) as ArchiveStaleContentResult;
    stack().emulator.admin.clearCalls();
    stack().emulator.admin.injectFault({ status: 429, count: 4, retryAfterSeconds: 1 });
    const stormy = (await (await startArchive({ action: 'soft_delete' })).result()) as ArchiveStaleContentResult;

    assert.equal(stack().emulator.admin.counters().throttled429, 4);
    assert.equal(stormy.candidates, calm.candidates);
    assert.equal(readFileSync(join(stack().filesDir, stormy.report.csvPath), 'utf8'), readFileSync(join(stack().filesDir, calm.report.csvPath), 'utf8'));
  });

  it('a 429 storm while archiving: every candidate of the calm report is trashed', async () => {
    const calm = (await (await startArchive({ action: 'soft_delete', unusedDays: 365 })).result()) as ArchiveStaleContentResult;
    const calmIds = reportedIds(calm).sort();
    const before = contentPlacement(stack().emulator.admin.state());
    stack().emulator.admin.injectFault({ status: 429, count: 3, operation: 'update_dashboard', retryAfterSeconds: 1 });
    stack().emulator.admin.injectFault({ status: 429, count: 2, retryAfterSeconds: 1 });
    const stormy = (await (await startArchive({ action: 'soft_delete', unusedDays: 365, dryRun: false, requireApproval: false })).result()) as ArchiveStaleContentResult;

    assert.equal(stack().emulator.admin.counters().throttled429, 5);
    assert.equal(stormy.outcome, 'archived');
    assert.deepEqual((await manifestOf(stormy)).ids, calmIds);
    const after = contentPlacement(stack().emulator.admin.state());
    for (const key of calmIds) {
      const [type, id] = key.split(':');
      assert.equal(after[`${type}s` as 'dashboards'][id], before[`${type}s` as 'dashboards'][id].replace(/^live:/, 'trash:'));
    }
  });

  it('the history carries counts, not the candidate list: no payload names more than a sample of the candidates', async () => {
    const handle = await startArchive({ action: 'soft_delete', unusedDays: 1, dryRun: false, requireApproval: false, scanPagesPerRun: 1, archiveItemsPerRun: 60 });
    const result = (await handle.result()) as ArchiveStaleContentResult;
    const titles = [...new Set((await manifestOf(result)).archived.map((i) => i.title))];
    assert.ok(result.archived > 150, `enough candidates that a carried list would show (${result.archived})`);

    const payloads = await payloadsOfEveryRun(handle);
    assert.ok(payloads.runs >= 5, `the job continued as new while scanning and archiving (${payloads.runs} runs)`);
    const mostTitles = Math.max(...payloads.texts.map((text) => titles.filter((title) => text.includes(title)).length));
    assert.ok(mostTitles <= 2 * RESULT_SAMPLE + 10, `a payload names ${mostTitles} of ${titles.length} candidates`);
    const bytes = payloads.texts.reduce((sum, text) => sum + text.length, 0);
    assert.ok(bytes < 150_000, `all payloads of all runs: ${bytes} bytes`);

    // Restoring carries counts and a sample too, never a batch's whole list.
    const restoring = await startRestore(result.jobId, 60);
    const restored = (await restoring.result()) as RestoreArchivedContentResult;
    assert.equal(restored.restored, result.archived);
    const restorePayloads = await payloadsOfEveryRun(restoring);
    assert.ok(restorePayloads.runs >= 3, `restoring continued as new (${restorePayloads.runs} runs)`);
    const mostRestored = Math.max(...restorePayloads.texts.map((text) => titles.filter((title) => text.includes(title)).length));
    assert.ok(mostRestored <= RESULT_SAMPLE + 5, `a restore payload names ${mostRestored} of ${titles.length} items`);
  });

  it('bad inputs fail fast with the named message and write nothing', async () => {
    assert.throws(() => archiveInput({ action: 'move' }), /archiveFolder is required when action is move/);
    assert.throws(() => archiveInput({ action: 'archive' }), /action must be 'soft_delete' or 'move'/);
    assert.throws(() => archiveInput({ action: 'soft_delete', contentTypes: [] }), /contentTypes must name at least one content type/);
    assert.throws(() => archiveInput({ action: 'soft_delete', approvalTimeout: 'tomorrow' }), /must be a duration/);

    const before = contentPlacement(stack().emulator.admin.state());
    const handle = await startArchive({ action: 'move', archiveFolder: { id: '9999' }, dryRun: false, requireApproval: false });
    await assert.rejects(handle.result(), jobFailedWith(/archive folder 9999 does not exist/));
    assert.equal(stack().emulator.admin.counters().byOperation.search_dashboards ?? 0, 0, 'failed before scanning');
    assert.equal(writesSeen(), 0);
    assert.deepEqual(contentPlacement(stack().emulator.admin.state()), before);

    await assert.rejects(restore('no-such-job'), jobFailedWith(/no archive manifest for job no-such-job/));
  });
});

/** The decoded payloads of every run of a job, from the latest back through continue-as-new. */
async function payloadsOfEveryRun(handle: WorkflowHandle): Promise<{ runs: number; texts: string[] }> {
  const texts: string[] = [];
  let runs = 0;
  for (let runId: string | undefined = (await handle.describe()).runId; runId; runs++) {
    const history = await stack().client.workflow.getHandle(handle.workflowId, runId).fetchHistory();
    texts.push(...historyPayloads(history));
    runId = history.events?.[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId ?? undefined;
  }
  return { runs, texts };
}

/** Stops the emulator, edits its saved state and starts it again on the same address. */
async function restartEmulatorWith(edit: (state: EmulatorState) => void): Promise<void> {
  const port = Number(new URL(stack().emulator.baseUrl).port);
  await stack().emulator.close();
  const state = JSON.parse(readFileSync(statePath, 'utf8')) as EmulatorState;
  edit(state);
  writeFileSync(statePath, JSON.stringify(state));
  const restarted = await startEmulator({ port, seed: 'demo', statePath, validateResponses: true });
  // The stack closes `stack().emulator` after the file; from now on that is the restarted one.
  Object.assign(stack().emulator, restarted);
}
