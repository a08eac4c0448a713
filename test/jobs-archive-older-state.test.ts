// archiveStaleContent continued as new by the code before its candidate list moved to the file
// store (commit cd0ba28) carries the candidates themselves instead of counts. Such a run must
// neither crash nor report less than it found: the scan starts over with the same cutoff, and
// archiving from that state ends with a failure that says what to do, changing nothing.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { WorkflowHandle } from '@temporalio/client';
import { DEMO_IDS } from '../emulator';
import { ArchiveStaleContentInput } from '../jobs/archive-stale-content';
import type { ArchiveStaleContentResult } from '../contracts/archive-stale-content';
import { useFreshLookerStack } from './fresh-stack';
import { jobFailure, writeCalls } from './job-helpers';

const stack = useFreshLookerStack({ seed: 'demo' });
let runs = 0;

const DAY_MS = 24 * 60 * 60 * 1000;
const input = (extra: Record<string, unknown> = {}) => ArchiveStaleContentInput.parse({ action: 'soft_delete', ...extra });

/** The older carried state: half-way through the scan, at the Looks, with one dashboard found. */
function olderScan(staleBefore: string) {
  const legacy = { type: 'dashboard', id: DEMO_IDS.staleDashboard, title: 'Legacy Marketing Funnel 2019', folderId: '1', folderName: null, ownerId: null, ownerName: null, lastViewedAt: null, createdAt: null };
  return { staleBefore, typeIndex: 1, offset: 0, scanned: 150, candidates: [legacy] };
}

function start(args: unknown[]): Promise<WorkflowHandle> {
  return stack().client.workflow.start('archiveStaleContent', {
    taskQueue: stack().taskQueue,
    workflowId: `archive-older-${stack().taskQueue}-${++runs}`,
    args,
    workflowExecutionTimeout: '2m',
  });
}

describe('archiveStaleContent carried state of the older shape', () => {
  it('a scan carried with its candidates scans again and reports what a fresh run reports', async () => {
    const fresh = (await (await start([input()])).result()) as ArchiveStaleContentResult;
    const resumed = (await (await start([input(), olderScan(fresh.staleBefore)])).result()) as ArchiveStaleContentResult;

    assert.equal(resumed.outcome, 'reported');
    assert.equal(resumed.staleBefore, fresh.staleBefore, 'the cutoff carried over');
    assert.equal(resumed.scanned, fresh.scanned);
    assert.equal(resumed.candidates, fresh.candidates);
    assert.ok(Number.isInteger(resumed.candidates) && resumed.candidates > 0);
  });

  it('archiving carried with its lists fails naming what to do, and changes nothing', async () => {
    const staleBefore = new Date(Date.now() - 90 * DAY_MS).toISOString();
    const report = { markdownPath: 'jobs/x/report.md', csvPath: 'jobs/x/report.csv', preview: '' };
    const archiving = { next: 1, report, archiveFolderId: null, archived: [{ ...olderScan(staleBefore).candidates[0], archiveFolderId: null }], skipped: [] };
    stack().emulator.admin.clearCalls();
    const failure = await jobFailure((await start([input({ dryRun: false }), { ...olderScan(staleBefore), archiving }])).result());

    assert.equal(failure.type, 'ArchiveStateFromOlderVersion');
    assert.match(failure.message, /1 item\(s\) were archived by its earlier runs.*start the job again/);
    assert.deepEqual(writeCalls(stack().emulator), []);
  });
});
