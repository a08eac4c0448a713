// The change summary activity over the file store alone (activities/change-summary.ts): a job's
// list and its children's are counted in the order the writes were made; a partial line left by
// a worker killed mid-append is counted apart instead of failing the job's end.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { createChangeSummaryActivities } from '../activities/change-summary';
import { createLocalFileStore } from '../activities/file-store';
import { changeListPath, type LookerChange } from '../contracts/changes';

const change = (at: string, type: string, id: string, extra: Partial<LookerChange> = {}): string =>
  `${JSON.stringify({ at, activity: 'a', operation: `create_${type}`, type, id, action: 'create', path: `/api/4.0/${type}s`, ...extra })}\n`;

test('counts a job’s list with its children’s, links pages, and skips a partial line', async () => {
  const files = createLocalFileStore(mkdtempSync(join(tmpdir(), 'lookerflow-summary-')));
  await files.append(changeListPath('bulk-1'), change('2026-01-01T00:00:02Z', 'group', '7', { page: '/admin/groups/7/edit', fields: { name: { after: 'Finance' } } }));
  await files.append(changeListPath('bulk-1/ann@x.com'), change('2026-01-01T00:00:01Z', 'user', '50', { page: '/admin/users/50/edit' }));
  await files.append(changeListPath('bulk-1/ann@x.com'), '{"at":"2026-01-01T00:00:03Z","activ');
  await files.append(changeListPath('bulk-10'), change('2026-01-01T00:00:00Z', 'user', '99'));
  const { summarizeChanges } = createChangeSummaryActivities({ files, webUrl: async () => 'https://looker.example.com' });
  const summary = await summarizeChanges({ jobId: 'bulk-1' });
  assert.deepEqual(summary, {
    count: 2,
    counts: { 'create user': 1, 'create group': 1 },
    sample: [
      { action: 'create', type: 'user', id: '50', url: 'https://looker.example.com/admin/users/50/edit' },
      { action: 'create', type: 'group', id: '7', name: 'Finance', url: 'https://looker.example.com/admin/groups/7/edit' },
    ],
    path: changeListPath('bulk-1'),
    unreadable: 1,
  });
});
