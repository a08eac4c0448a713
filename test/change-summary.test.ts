// A writing job's result counts its change list and names the first changes, each linked to the
// object's page in Looker; the Temporal UI's "current details" of the run list the same links.
// On the real stack: dev server, worker, SDK, emulator (reporting a web address of its own).
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { ChangeSummary } from '../contracts/changes';
import { createJobService, type JobService } from '../jobs/job-service';
import { useFreshLookerStack } from './fresh-stack';
import { appliedWrites } from './job-helpers';
import type { LookerStack } from './stack';

const WEB = 'https://looker.example.com';
const getStack = useFreshLookerStack({ seed: 'demo', queryDurationMs: 50, webServerUrl: WEB });
let stack: LookerStack;
let jobs: JobService;

async function runToEnd(type: string, input: unknown): Promise<{ jobId: string; result: Record<string, unknown> }> {
  const { jobId } = await jobs.startJob({ type, input });
  const report = await jobs.waitForJob(jobId, { timeoutMs: 120_000 });
  assert.equal(report.status, 'completed', JSON.stringify(report));
  return { jobId, result: report.result as Record<string, unknown> };
}

/** Writes the emulator applied since the test began. */
const applied = () => appliedWrites(stack.emulator);

/** What the Temporal UI shows as the run's current details (the SDK's built-in metadata query). */
async function currentDetails(jobId: string): Promise<string> {
  const metadata = await stack.client.workflow.getHandle(jobId).query<{ currentDetails?: string }>('__temporal_workflow_metadata');
  return metadata.currentDetails ?? '';
}

describe('change summary of a writing job', () => {
  before(() => {
    stack = getStack();
    jobs = createJobService({ client: stack.client, taskQueue: stack.taskQueue, uiBaseUrl: 'http://localhost:8233' });
  });

  it('the result counts the changes and links each to its page in Looker; the UI details show the same links', async () => {
    const { jobId, result } = await runToEnd('queryToDashboard', {
      query: { model: 'ecommerce', explore: 'order_items', fields: ['products.category', 'order_items.total_revenue'] },
      dashboard: { title: 'Summarised revenue board' },
    });
    const changes = result.changes as ChangeSummary;
    assert.ok(changes, `the result carries changes: ${JSON.stringify(result)}`);
    const audit = await jobs.auditJob(jobId);
    assert.equal(changes.count, audit.count);
    assert.equal(changes.count, applied().length, 'as many as the emulator applied');
    assert.deepEqual(changes.counts, { 'create dashboard': 1, 'create dashboard_element': 1 });
    assert.equal(changes.path, audit.changesPath);
    const dashboard = changes.sample.find((c) => c.type === 'dashboard')!;
    assert.ok(stack.emulator.admin.state().dashboards[dashboard.id!], 'the sample names the dashboard Looker made');
    assert.equal(dashboard.name, 'Summarised revenue board');
    assert.equal(dashboard.url, `${WEB}/dashboards/${dashboard.id}`);

    const details = await currentDetails(jobId);
    assert.match(details, /\*\*2 change\(s\) in Looker\*\*/);
    assert.ok(details.includes(`- create dashboard [${dashboard.id} “Summarised revenue board”](${WEB}/dashboards/${dashboard.id})`), details);
    const tile = changes.sample.find((c) => c.type === 'dashboard_element')!;
    assert.equal(tile.url, `${WEB}/dashboards/${dashboard.id}`, 'a tile opens on its dashboard');
    assert.ok(details.includes(`- create dashboard\\_element [${tile.id} `), `underscores read as text, not emphasis: ${details}`);
  });

  it('a job that starts children counts their changes too (bulk onboarding: every user’s writes)', async () => {
    const csv = ['email,firstName,lastName,roles,groups', ...['ann', 'bob', 'cy'].map((n) => `${n}@summary.example,${n},Test,Viewer,Finance`)].join('\n');
    const { jobId, result } = await runToEnd('bulkOnboard', { csv });
    const changes = result.changes as ChangeSummary;
    assert.ok(changes.count > 0 && changes.count === applied().length, JSON.stringify({ changes, applied: applied().length }));
    assert.deepEqual(changes.counts, { 'create user': 3, 'create user credentials_email': 3, 'update user roles': 3, 'create group users': 3 });
    const audit = await jobs.auditJob(jobId);
    assert.equal(audit.count, changes.count, '`jobs audit` of the parent lists its children’s changes too');
    assert.deepEqual(audit.counts, changes.counts);
    const users = changes.sample.filter((c) => c.type === 'user' && c.action === 'create' && !c.part);
    assert.equal(users.length, 3);
    for (const user of users) assert.equal(user.url, `${WEB}/admin/users/${user.id}/edit`);
    assert.match(await currentDetails(jobId), new RegExp(`create user \\[${users[0].id}\\]\\(${WEB}/admin/users/${users[0].id}/edit\\)`));
  });

  it('a job that writes nothing says so; a reading job carries no summary', async () => {
    const input = { query: { model: 'ecommerce', explore: 'order_items', fields: ['products.category'] }, dashboard: { title: 'Once only' } };
    await runToEnd('queryToDashboard', input);
    stack.emulator.admin.clearCalls();
    const again = await runToEnd('queryToDashboard', input);
    assert.deepEqual(applied(), []);
    assert.deepEqual((again.result.changes as ChangeSummary).count, 0);
    assert.equal(await currentDetails(again.jobId), '**No changes in Looker.**');

    const read = await runToEnd('runLook', { lookId: '1' });
    assert.equal(read.result.changes, undefined);
  });
});
