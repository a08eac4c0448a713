// Records the workflow histories test/replay.test.ts replays: every job type and read tool,
// with continue-as-new, approval, rejection, time-out, failure and child-workflow paths, run
// on the real dev server and worker against the Looker emulator's demo seed. Each run of a
// continue-as-new chain is its own file (`<case>.run1.json`, ...).
//
//   npx tsx scripts/test.ts test/record-histories.ts
//
// An existing file is kept (it is what runs started by the code that wrote it look like);
// LOOKERFLOW_RECORD_OVERWRITE=1 writes every file anew. Each history is checked for the Looker
// client secret, access tokens and password-reset tokens before it is written.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { WorkflowHandle } from '@temporalio/client';
import { findJobType } from '../jobs/catalog';
import { READ_TOOLS } from '../jobs/read-tools';
import { waitFor } from '../scripts/wait-for';
import type { ApprovalState } from '../contracts/approval';
import { RECORDS_CHANGES_MEMO } from '../contracts/changes';
import { LookerTarget } from '../contracts/job';
import { makeSdk } from './emulator-helpers';
import { HISTORIES_DIR, saveHistory, type History } from './histories';
import { ACCESS_TOKEN, historyText } from './job-helpers';
import { startLookerStack } from './stack';

const ADMIN = 'admin@lookerflow.example';
const OLIVIA = 'olivia.departed@lookerflow.example';
const overwrite = process.env.LOOKERFLOW_RECORD_OVERWRITE === '1';

test('record a history of every job type and path', { timeout: 15 * 60_000 }, async () => {
  const stack = await startLookerStack({ seed: 'demo' });
  const { client, taskQueue, emulator } = stack;
  const sdk = makeSdk(emulator.baseUrl, emulator.clientId, emulator.clientSecret);
  const recorded: string[] = [];

  /** The input as the job service passes it: parsed by the job's schema (`raw` skips that). */
  function parsed(type: string, input: unknown): unknown {
    const job = findJobType(type) ?? READ_TOOLS.find((t) => t.type === type);
    assert.ok(job, `${type} is a job type or read tool`);
    return job.input.parse(input);
  }

  function start(type: string, caseName: string, ...args: unknown[]) {
    return client.workflow.start(type, { taskQueue, workflowId: `replay-${type}-${caseName}`, args, workflowExecutionTimeout: '5m' });
  }

  /** As the job service starts a job when payloads are not encrypted: with a plaintext LookerTarget. */
  function startNamed(type: string, caseName: string, target: string, input: unknown) {
    return client.workflow.start(type, { taskQueue, workflowId: `replay-${type}-${caseName}`, args: [input], typedSearchAttributes: [{ key: LookerTarget, value: target }], workflowExecutionTimeout: '5m' });
  }

  /** Secrets the history must not hold: the client secret, access tokens, reset tokens issued so far. */
  function assertNoSecrets(name: string, history: History): void {
    const text = historyText(history);
    assert.ok(!text.includes(emulator.clientSecret), `${name}: the client secret is in the history`);
    assert.ok(!ACCESS_TOKEN.test(text), `${name}: an access token is in the history`);
    for (const user of Object.values(emulator.admin.state().users)) {
      const token = user.credentials_email?.password_reset_token;
      assert.ok(!token || !text.includes(token), `${name}: a password-reset token is in the history`);
    }
  }

  function save(type: string, caseName: string, workflowId: string, history: History): void {
    const name = `${type}/${caseName}`;
    assertNoSecrets(name, history);
    if (!overwrite && existsSync(join(HISTORIES_DIR, type, `${caseName}.json`))) {
      console.log(`kept     ${name}`);
    } else {
      saveHistory(type, caseName, workflowId, history);
      console.log(`recorded ${name} (${history.events?.length} events)`);
    }
    recorded.push(name);
  }

  /** Waits for the job to end as expected, then saves each run of its continue-as-new chain. */
  async function record(type: string, caseName: string, handle: WorkflowHandle & { firstExecutionRunId: string }, expect: 'completed' | 'failed', minRuns = 1): Promise<void> {
    const outcome = await handle.result().then(
      () => 'completed',
      () => 'failed',
    );
    assert.equal(outcome, expect, `${type}/${caseName} ${outcome}`);
    const runs: History[] = [];
    for (let runId: string | null | undefined = handle.firstExecutionRunId; runId; ) {
      const history = await client.workflow.getHandle(handle.workflowId, runId).fetchHistory();
      runs.push(history);
      runId = history.events?.at(-1)?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId;
    }
    assert.ok(runs.length >= minRuns, `${type}/${caseName}: ${runs.length} run(s), expected at least ${minRuns}`);
    runs.forEach((history, i) => save(type, runs.length > 1 ? `${caseName}.run${i + 1}` : caseName, handle.workflowId, history));
  }

  async function decide(handle: WorkflowHandle, approved: boolean): Promise<void> {
    await waitFor('the job to ask for approval', async () => ((await handle.query<ApprovalState>('approval')).status === 'waiting' ? true : undefined), { timeoutMs: 60_000 });
    await handle.executeUpdate('decide', { args: [{ approved, reason: approved ? 'recorded approval' : 'recorded rejection', by: 'history-recorder' }] });
  }

  const run = async (type: string, caseName: string, input: unknown, expect: 'completed' | 'failed' = 'completed', minRuns = 1) =>
    record(type, caseName, await start(type, caseName, input), expect, minRuns);

  // Read tools.
  await run('listLookmlModels', 'models', parsed('listLookmlModels', {}));
  await run('describeExplore', 'order-items', parsed('describeExplore', { model: 'ecommerce', explore: 'order_items' }));
  await run('runInlineQuery', 'revenue-by-category', parsed('runInlineQuery', { model: 'ecommerce', explore: 'order_items', fields: ['products.category', 'order_items.total_revenue'], limit: 5 }));
  await run('runInlineQuery', 'unknown-field-fails', parsed('runInlineQuery', { model: 'ecommerce', explore: 'order_items', fields: ['order_items.revenue_guess'] }), 'failed');
  // Since the field guard runs in the query's own activity (patch run-inline-query-checked-in-one-activity).
  await run('runInlineQuery', 'checked-in-one-activity', parsed('runInlineQuery', { model: 'ecommerce', explore: 'order_items', fields: ['products.category', 'order_items.total_revenue'], limit: 5 }));
  await run('runInlineQuery', 'checked-in-one-activity-unknown-field', parsed('runInlineQuery', { model: 'ecommerce', explore: 'order_items', fields: ['order_items.revenue_guess'] }), 'failed');
  await run('searchContent', 'by-title', parsed('searchContent', { title: 'Revenue', limit: 5 }));
  // The answers that carry more (patch run-query-echoes-sql; search by id).
  await run('runInlineQuery', 'applied-and-sql', parsed('runInlineQuery', { model: 'ecommerce', explore: 'order_items', fields: ['products.category', 'order_items.total_revenue'], sorts: ['order_items.total_revenue desc'], limit: 5 }));
  await run('searchContent', 'by-id', parsed('searchContent', { id: '5' }));
  await run('searchContent', 'by-title-with-owners', parsed('searchContent', { title: 'Revenue', limit: 5 }));
  // The job service's name check before a start.
  const names = [{ kind: 'role', name: 'Viewer' }, { kind: 'role', name: 'Devloper' }, { kind: 'dashboardTitle', name: 'Q4 Board Financial Summary' }, { kind: 'explore', name: 'ecommerce::order_items' }];
  await run('checkNames', 'unknown-names', parsed('checkNames', { names }));
  // Content reads: a Look's rows, a field's usages.
  await run('runLook', 'revenue', parsed('runLook', { lookId: '1' }));
  await run('runLook', 'unknown-look-fails', parsed('runLook', { lookId: '999999' }), 'failed');
  await run('findFieldUsages', 'total-revenue', parsed('findFieldUsages', { field: 'order_items.total_revenue' }));

  // Users: onboarding (with the saga's undo), bulk onboarding over two runs with child workflows, offboarding.
  const person = (email: string, extra: object = {}) => ({ email, firstName: 'Rita', lastName: 'Replay', roles: ['Viewer'], groups: ['Finance'], ...extra });
  await run('onboardUser', 'created-with-setup-email', parsed('onboardUser', person('rita.replay@company.com', { sendSetupEmail: true })));
  // Looker failing to send the setup email: reported in the result, the user stays (patch onboard-setup-email-best-effort).
  emulator.admin.injectFault({ status: 500, count: 4, operation: 'send_user_credentials_email_password_reset', message: 'SMTP relay unavailable' });
  await run('onboardUser', 'setup-email-not-sent', parsed('onboardUser', person('mia.replay@company.com', { sendSetupEmail: true })));
  await run('onboardUser', 'unknown-role-fails', parsed('onboardUser', person('nobody@company.com', { roles: ['Astronaut'] })), 'failed');
  const shortLived = await sdk.ok(sdk.create_group({ name: 'Short-lived' }));
  // Hold the first membership call back so the second group can be deleted meanwhile: the step fails for good and the user is deleted again.
  emulator.admin.injectFault({ status: 429, count: 1, operation: 'add_group_user', retryAfterSeconds: 2 });
  const saga = await start('onboardUser', 'undone-after-failure', parsed('onboardUser', person('saga.replay@company.com', { groups: ['Finance', 'Short-lived'] })));
  await waitFor('the held-back membership call', () => emulator.admin.calls().some((c) => c.operationId === 'add_group_user' && c.status === 429) || undefined, { timeoutMs: 60_000 });
  await sdk.ok(sdk.delete_group(shortLived.id!));
  await record('onboardUser', 'undone-after-failure', saga, 'failed');

  const bulkUsers = ['ann', 'ben', 'cy'].map((name) => person(`${name}.bulk@company.com`, { firstName: name }));
  const bulk = await startNamed('bulkOnboard', 'two-runs', '3 users', parsed('bulkOnboard', { users: bulkUsers, concurrency: 1, usersPerRun: 2 }));
  await record('bulkOnboard', 'two-runs', bulk, 'completed', 2);
  const child = client.workflow.getHandle(`${bulk.workflowId}/ann.bulk@company.com`);
  save('onboardUser', 'bulk-child', child.workflowId, await child.fetchHistory());
  // Rows the workflow itself refuses (the job service would refuse them first).
  await run('bulkOnboard', 'bad-rows-fail', { csv: 'email,firstName,lastName,roles,groups\nnot-an-email,A,B,Viewer,' }, 'failed');
  // Rows checked by an activity, users read once per run (patch bulk-onboard-rows-at-edge): ann is
  // as asked (no child), ben gains a group, gus is new.
  const edgeUsers = [person('ann.bulk@company.com', { firstName: 'ann' }), person('ben.bulk@company.com', { firstName: 'ben', groups: ['Finance', 'Marketing'] }), person('gus.edge@company.com')];
  const edge = await startNamed('bulkOnboard', 'rows-at-edge', '3 users', parsed('bulkOnboard', { users: edgeUsers, concurrency: 1, usersPerRun: 2 }));
  await record('bulkOnboard', 'rows-at-edge', edge, 'completed', 2);
  save('onboardUser', 'bulk-child-known-user', `${edge.workflowId}/ben.bulk@company.com`, await client.workflow.getHandle(`${edge.workflowId}/ben.bulk@company.com`).fetchHistory());
  save('onboardUser', 'bulk-child-new-user', `${edge.workflowId}/gus.edge@company.com`, await client.workflow.getHandle(`${edge.workflowId}/gus.edge@company.com`).fetchHistory());
  // Without a plaintext target (payloads encrypted): children by row number.
  await run('bulkOnboard', 'rows-at-edge-private', { csv: 'email,firstName,lastName,roles,groups\nivy.edge@company.com,Ivy,Edge,Viewer,Finance' });
  await run('bulkOnboard', 'rows-at-edge-bad-rows-fail', { csv: 'email,firstName,lastName,roles,groups\nnot-an-email,A,B,Viewer,' }, 'failed');
  // Continued as new by a run begun before the patch: its full lists are counted and written to the report.
  const state = emulator.admin.state();
  const idOf = (records: Record<string, { id: string; name: string }>, name: string) => Object.values(records).find((r) => r.name === name)!.id;
  const legacyCarry = {
    result: { total: 3, created: ['ann.bulk@company.com'], alreadyPresent: ['ben.bulk@company.com'], failed: [] },
    names: { roleIds: { viewer: idOf(state.roles, 'Viewer') }, groupIds: { finance: idOf(state.groups, 'Finance') }, userAttributeIds: {} },
  };
  await record('bulkOnboard', 'rows-at-edge-legacy-carry', await start('bulkOnboard', 'rows-at-edge-legacy-carry', parsed('bulkOnboard', { users: [person('jo.edge@company.com')] }), legacyCarry), 'completed');

  await run('offboardUser', 'transferred', parsed('offboardUser', { email: OLIVIA, transferTo: { email: ADMIN } }));
  // Run again: nothing left to move, but through the bounded transfer batches (patch transfer-in-bounded-batches).
  await run('offboardUser', 'transferred-in-batches', parsed('offboardUser', { email: OLIVIA, transferTo: { email: ADMIN } }));
  await run('offboardUser', 'unknown-leaver-fails', parsed('offboardUser', { email: 'ghost@company.com', transferTo: { email: ADMIN } }), 'failed');

  // Governance: archiving with continue-as-new while scanning and while archiving, approval, rejection, time-out; restoring.
  const archive = (extra: object) => parsed('archiveStaleContent', { action: 'soft_delete', ...extra });
  await run('archiveStaleContent', 'dry-run-scan-pages', archive({ dryRun: true, scanPagesPerRun: 1 }), 'completed', 2);
  // Continued as new by the code before the candidate list moved to the file store (workflows/support/archive-older-state.ts).
  const olderScan = { staleBefore: new Date(Date.now() - 90 * 24 * 3600_000).toISOString(), typeIndex: 1, offset: 0, scanned: 150, candidates: [{ type: 'dashboard', id: '6' }] };
  await record('archiveStaleContent', 'older-carried-scan', await start('archiveStaleContent', 'older-carried-scan', archive({ dryRun: true }), olderScan), 'completed');
  const rejected = await start('archiveStaleContent', 'rejected', archive({ dryRun: false, requireApproval: true }));
  await decide(rejected, false);
  await record('archiveStaleContent', 'rejected', rejected, 'completed');
  await run('archiveStaleContent', 'approval-timed-out', archive({ dryRun: false, requireApproval: true, approvalTimeout: '1s' }));
  const approved = await start('archiveStaleContent', 'approved-archive-runs', archive({ dryRun: false, requireApproval: true, archiveItemsPerRun: 40 }));
  await decide(approved, true);
  await record('archiveStaleContent', 'approved-archive-runs', approved, 'completed', 2);
  await run('restoreArchivedContent', 'restored', parsed('restoreArchivedContent', { jobId: approved.workflowId }));
  // Archiving and restoring in heartbeated batches (patches archive-batches-heartbeat, restore-in-bounded-batches).
  const batched = await start('archiveStaleContent', 'archived-in-batches', archive({ dryRun: false, requireApproval: false, archiveItemsPerRun: 40 }));
  await record('archiveStaleContent', 'archived-in-batches', batched, 'completed', 2);
  await run('restoreArchivedContent', 'restored-in-batches', parsed('restoreArchivedContent', { jobId: batched.workflowId, itemsPerRun: 30 }), 'completed', 2);
  await run('restoreArchivedContent', 'unknown-job-fails', parsed('restoreArchivedContent', { jobId: 'archiveStaleContent-never-ran' }), 'failed');
  await run('rescueOrphanedSchedules', 'reassigned', parsed('rescueOrphanedSchedules', { newOwner: { email: ADMIN }, dryRun: false }));
  await run('rescueOrphanedSchedules', 'unknown-owner-fails', parsed('rescueOrphanedSchedules', { newOwner: { email: 'ghost@company.com' } }), 'failed');

  // Dashboards: KPI monitoring, query to dashboard, render, access audit.
  const kpi = (field: string) => ({
    dashboard: { title: 'Daily Active Users' },
    schedule: { cron: '0 9 * * *', timezone: 'Europe/Berlin', recipients: ['team@company.com'], format: 'pdf' },
    alert: { field, comparison: '<', threshold: 10000, recipients: ['oncall@company.com'] },
  });
  await run('setupKpiMonitoring', 'created', parsed('setupKpiMonitoring', kpi('events.daily_active_users')));
  await run('setupKpiMonitoring', 'unknown-tile-field-fails', parsed('setupKpiMonitoring', kpi('events.weekly_guess')), 'failed');
  const q2d = (threshold: number, fields = ['products.category', 'order_items.total_revenue']) => ({
    query: { model: 'ecommerce', explore: 'order_items', fields },
    keepRowsWhere: { field: 'order_items.total_revenue', op: '>', value: threshold },
    dashboard: { title: 'Categories over 100k' },
  });
  await run('queryToDashboard', 'created', parsed('queryToDashboard', q2d(100_000)));
  await run('queryToDashboard', 'nothing-matched', parsed('queryToDashboard', q2d(1e15)));
  // The input naming the explore `query.explore` (the cases above were recorded with `query.view`).
  await run('queryToDashboard', 'explore-input', parsed('queryToDashboard', q2d(100_000)));
  await run('queryToDashboard', 'unknown-field-fails', parsed('queryToDashboard', q2d(100_000, ['products.categorie', 'order_items.total_revenue'])), 'failed');
  await run('renderDashboard', 'pdf', parsed('renderDashboard', { dashboardId: '1', format: 'pdf' }));
  emulator.admin.injectFault({ kind: 'render-failure', count: 1 });
  await run('renderDashboard', 'render-failed', parsed('renderDashboard', { dashboardId: '1', format: 'png' }), 'failed');
  await run('auditContentAccess', 'board', parsed('auditContentAccess', { dashboard: { title: 'Q4 Board Financials' } }));
  await run('auditContentAccess', 'unknown-dashboard-fails', parsed('auditContentAccess', { dashboard: { title: 'No Such Board' } }), 'failed');

  // Written by the code that keeps long lists in the file store (patched(): the cases above are older runs).
  await run('auditContentAccess', 'lists-in-files', parsed('auditContentAccess', { dashboard: { title: 'Q4 Board Financials' } }));
  // Written by the code that reads a content's groups several at a time (patched(): 'lists-in-files' is an older run).
  await run('auditContentAccess', 'groups-read-concurrently', parsed('auditContentAccess', { dashboard: { title: 'Q4 Board Financials' } }));
  await run('rescueOrphanedSchedules', 'report-in-file', parsed('rescueOrphanedSchedules', { newOwner: { email: ADMIN }, dryRun: true }));
  await run('queryToDashboard', 'rows-in-file', parsed('queryToDashboard', { ...q2d(0, ['products.category', 'order_items.created_date', 'order_items.total_revenue']), dashboard: { title: 'Daily revenue' } }));
  // A CSV by reference, as `lookerflow files put` leaves it in the store, over two runs.
  const csvPath = 'uploads/recorded/users.csv';
  mkdirSync(join(stack.filesDir, 'uploads/recorded'), { recursive: true });
  writeFileSync(join(stack.filesDir, csvPath), 'email,firstName,lastName,roles,groups\ndee.file@company.com,Dee,File,Viewer,Finance\neve.file@company.com,Eve,File,Viewer,\nfay.file@company.com,Fay,File,Viewer,\n');
  await record('bulkOnboard', 'csv-file-two-runs', await start('bulkOnboard', 'csv-file-two-runs', parsed('bulkOnboard', { csvFile: csvPath, concurrency: 1, usersPerRun: 2 })), 'completed', 2);
  // Scripts: reads with a checked query and a query task; a plan approved then run; a write refused on a read-only server.
  await run('runScript', 'reads', parsed('runScript', {
    script: `const d = await looker.dashboard({ dashboard_id: '1', fields: 'id,title' }); const q = await looker.query({ model: 'ecommerce', explore: 'order_items', fields: ['products.category'], limit: 3 }); log(d.title); return { title: d.title, rows: q.rowCount };`,
  }));
  // Written by the code that gives each parallel lane its own step allowance (patched(): the cases above are older runs).
  await run('runScript', 'parallel-lanes', parsed('runScript', {
    requireApproval: false,
    script: `return await parallel(['1', '2', '3'], 3, async (id) => (await looker.user({ user_id: id, fields: 'id' })).id);`,
  }));
  const scripted = await start('runScript', 'approved-writes', parsed('runScript', { script: `const g = await looker.create_group({ body: { name: 'Replayed Script Group' } }); await looker.add_group_user({ group_id: g.id, body: { user_id: '1' } }); return g.id;` }));
  await decide(scripted, true);
  await record('runScript', 'approved-writes', scripted, 'completed');
  await run('runScript', 'read-only-refused', parsed('runScript', { allowWrites: false, requireApproval: false, script: `await looker.user({ user_id: '1' }); await looker.create_group({ body: { name: 'Refused' } });` }), 'failed');

  // Saved scripts: a reading one saved after its dry run (a child runScript); one that writes saved once approved, another rejected.
  const saveInput = (name: string, script: string, exampleInput: unknown) =>
    parsed('saveScript', { name, script, inputSchema: { type: 'object', properties: { name: { type: 'string' } } }, exampleInput, savedBy: 'history-recorder' });
  await run('saveScript', 'reads-saved', saveInput('dashboard-title', `const d = await looker.dashboard({ dashboard_id: '1', fields: 'id,title' }); return d.title + ' ' + (input.name ?? '');`, {}));
  const writingScript = `const g = await looker.create_group({ body: { name: input.name } }); return g.id;`;
  const saveApproved = await start('saveScript', 'writes-approved', saveInput('make-group', writingScript, { name: 'Replayed Saved Group' }));
  await decide(saveApproved, true);
  await record('saveScript', 'writes-approved', saveApproved, 'completed');
  const saveRejected = await start('saveScript', 'writes-rejected', saveInput('make-other-group', writingScript, { name: 'Never Saved Group' }));
  await decide(saveRejected, false);
  await record('saveScript', 'writes-rejected', saveRejected, 'completed');

  // Writing jobs as the job service starts them, marked to count their change list at the end
  // (patched(): the cases above are older runs): one that writes, one that fails, one that
  // continues as new and starts children.
  const counting = (type: string, caseName: string, input: unknown) =>
    client.workflow.start(type, { taskQueue, workflowId: `replay-${type}-${caseName}`, args: [input], memo: { [RECORDS_CHANGES_MEMO]: true }, workflowExecutionTimeout: '5m' });
  await record('queryToDashboard', 'changes-counted', await counting('queryToDashboard', 'changes-counted', parsed('queryToDashboard', { ...q2d(100_000), dashboard: { title: 'Counted changes' } })), 'completed');
  await record('queryToDashboard', 'changes-counted-after-failure', await counting('queryToDashboard', 'changes-counted-after-failure', parsed('queryToDashboard', q2d(100_000, ['products.categorie', 'order_items.total_revenue']))), 'failed');
  const countedUsers = ['gil', 'hal', 'ida'].map((name) => person(`${name}.counted@company.com`));
  await record('bulkOnboard', 'changes-counted', await counting('bulkOnboard', 'changes-counted', parsed('bulkOnboard', { users: countedUsers, concurrency: 1, usersPerRun: 2 })), 'completed', 2);

  // Maintenance: the file store's retention, as a scheduled run would go (a dry run removes nothing).
  await run('pruneJobFiles', 'dry-run', parsed('pruneJobFiles', { olderThanDays: 1, dryRun: true }));

  console.log(`${recorded.length} histories checked for secrets and saved under test/histories`);
});
