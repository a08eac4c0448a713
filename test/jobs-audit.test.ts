// auditContentAccess against the emulator on a real worker: who can see "Q4 Board Financials"
// (Finance view, Admins edit, set on the Board folder), read-only, also under a 429 storm.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { auditContentAccessJob } from '../jobs/audit-content-access';
import { GRANTS_SAMPLE, type AuditContentAccessResult } from '../contracts/audit-content-access';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { api, loginToken, makeSdk } from './emulator-helpers';
import { jobFailure, runParsedJob, schemaError, writeCalls } from './job-helpers';
import { startLookerStack, type LookerStack } from './stack';

const stackReady = startLookerStack({ seed: 'demo' });
let stack: LookerStack;
before(async () => {
  stack = await stackReady;
});

const run = (dashboard: { id: string } | { title: string }) =>
  runParsedJob<typeof auditContentAccessJob.input, AuditContentAccessResult>(stack, auditContentAccessJob, { dashboard });

const FINANCE = '3';
const ADMINS = '2';

/** Who the emulator says is in Finance (view) and Admins (edit), highest permission per person. */
function expectedPeople(): Array<[string, 'view' | 'edit']> {
  const { groups } = stack.emulator.admin.state();
  const people = new Map<string, 'view' | 'edit'>();
  for (const id of groups[FINANCE].user_ids) people.set(id, 'view');
  for (const id of groups[ADMINS].user_ids) people.set(id, 'edit');
  return [...people].sort(([a], [b]) => a.localeCompare(b));
}

/** The result less its file paths, which name the job. */
const withoutFiles = ({ reportPath, usersPath, ...rest }: AuditContentAccessResult) => ({ ...rest, files: [reportPath, usersPath].map((p) => p?.split('/').pop()) });

describe('auditContentAccess', () => {
  it('Q4 Board Financials: Finance can view and Admins can edit, through the Board folder', async () => {
    stack.emulator.admin.clearCalls();
    const result = await run({ title: 'Q4 Board Financials' });

    assert.deepEqual(result.dashboard, { id: '2', title: 'Q4 Board Financials', folderId: result.dashboard.folderId, folderName: 'Board' });
    assert.deepEqual(result.inheritedThrough, ['Board']);
    const { groups } = stack.emulator.admin.state();
    assert.deepEqual(
      result.grants.map((g) => [g.permission, g.group?.name, g.group?.memberCount]),
      [
        ['view', 'Finance', groups[FINANCE].user_ids.length],
        ['edit', 'Admins', groups[ADMINS].user_ids.length],
      ],
    );
    const people = result.users.map((u) => [u.id, u.permission] as [string, string]).sort(([a], [b]) => a.localeCompare(b));
    assert.deepEqual(people, expectedPeople());
    const admin = result.users.find((u) => u.id === '1');
    assert.equal(admin?.permission, 'edit');
    assert.ok(admin?.via.includes('group Admins'));

    assert.match(result.report, /^# Access to "Q4 Board Financials" \(dashboard 2\)/);
    assert.match(result.report, /Access is inherited from folder "Board"/);
    assert.match(result.report, /- \*\*view\*\*: group Finance/);
    assert.match(result.report, /- \*\*edit\*\*: group Admins/);
    assert.equal(result.report.split('\n').filter((line) => /^\| .* \| (view|edit) \|/.test(line)).length, result.users.length);
    assert.deepEqual(writeCalls(stack.emulator), [], 'an audit changes nothing');
  });

  it('by id gives the same answer as by title', async () => {
    assert.deepEqual(withoutFiles(await run({ id: '2' })), withoutFiles(await run({ title: 'Q4 Board Financials' })));
  });

  it('a dashboard that inherits all the way up names every folder on the way', async () => {
    const result = await run({ id: '1' });
    assert.equal(result.dashboard.folderName, 'Product');
    assert.deepEqual(result.inheritedThrough, ['Product', 'Shared']);
  });

  it('completes under a 429 storm with the same result as a calm run', async () => {
    const calm = await run({ id: '2' });
    stack.emulator.admin.injectFault({ status: 429, count: 6, retryAfterSeconds: 1 });
    const stormy = await run({ id: '2' });
    assert.deepEqual(stack.emulator.admin.faults(), [], 'all six 429s were answered');
    assert.deepEqual(withoutFiles(stormy), withoutFiles(calm));
  });

  it('an ambiguous title lists the candidates; an unknown one is DashboardNotFound', async () => {
    const ambiguous = await jobFailure(run({ title: 'Retention Scorecard' }));
    assert.equal(ambiguous.type, 'AmbiguousDashboard');
    assert.match(ambiguous.message, /Candidates: 19 "Retention Scorecard" .*; 34 "Retention Scorecard"/);
    assert.equal((await jobFailure(run({ title: 'Nope' }))).type, 'DashboardNotFound');
  });

  it('refuses bad inputs with a message naming the problem', () => {
    assert.match(schemaError(auditContentAccessJob, { dashboard: { id: 'board' } }), /dashboard.id must be a numeric id/);
    assert.match(schemaError(auditContentAccessJob, {}), /dashboard must be \{ id \} or \{ title \}/);
  });

  it('a group too large for one payload: the result names 25 people and counts them all; the files list everyone', async () => {
    const sdk = makeSdk(stack.emulator.baseUrl, stack.emulator.clientId, stack.emulator.clientSecret);
    for (let i = 0; i < 40; i++) {
      const user = await sdk.ok(sdk.create_user({ first_name: 'Audit', last_name: `Member ${i}` }));
      await sdk.ok(sdk.add_group_user(FINANCE, { user_id: user.id! }));
    }
    const everyone = expectedPeople();
    assert.ok(everyone.length > 40);
    const result = await run({ id: '2' });
    assert.equal(result.userCount, everyone.length);
    assert.equal(result.users.length, 25);
    assert.match(result.report, new RegExp(`## People \\(${everyone.length}\\)`));
    assert.match(result.report, new RegExp(`…and ${everyone.length - 25} more in ${result.reportPath}`));
    const csv = readFileSync(join(stack.filesDir, result.usersPath!), 'utf8').trim().split('\n').slice(1);
    assert.deepEqual(csv.map((line) => [line.split(',')[0], line.split(',').at(-2) ?? '']).sort(([a], [b]) => a.localeCompare(b)), everyone);
    const report = readFileSync(join(stack.filesDir, result.reportPath!), 'utf8');
    assert.equal(report.split('\n').filter((line) => /^\| .* \| (view|edit) \|/.test(line)).length, everyone.length);
  });

  it('a dashboard with many grants: names are read 100 ids per call, not one call per grant; the result counts the grants and names a sample, the report names every one', async () => {
    const emu = stack.emulator;
    const token = await loginToken(emu);
    const post = async (path: string, body: unknown) => (await (await api(emu, 'POST', path, token, body)).json()) as Record<string, string>;
    const folder = await post('/folders', { name: 'Widely Shared', parent_id: '1' });
    const dashboard = await post('/dashboards', { title: 'Widely Shared KPIs', folder_id: folder.id });
    await api(emu, 'PATCH', `/content_metadata/${dashboard.content_metadata_id}`, token, { inherits: false });
    const GROUPS = 150;
    const groupNames: string[] = [];
    for (let i = 0; i < GROUPS; i++) {
      const group = await post('/groups', { name: `Audit Team ${i}` });
      groupNames.push(group.name);
      await post('/content_metadata_access', { content_metadata_id: dashboard.content_metadata_id, group_id: group.id, permission_type: 'view' });
    }
    const users = Object.values(emu.admin.state().users).slice(0, 120);
    for (const user of users) await post('/content_metadata_access', { content_metadata_id: dashboard.content_metadata_id, user_id: user.id, permission_type: 'edit' });
    stack.emulator.admin.clearCalls();

    const result = await run({ id: dashboard.id });
    assert.equal(result.grantCount, GROUPS + users.length);
    assert.equal(result.grants.length, GRANTS_SAMPLE);
    assert.ok(result.grants.every((g) => (g.group ? g.group.name : g.user?.name)), 'every grant shown is named');
    assert.equal(result.report.split('\n').filter((line) => /^- \*\*(view|edit)\*\*/.test(line)).length, GRANTS_SAMPLE, 'the preview lists the sample');
    const report = readFileSync(join(stack.filesDir, result.reportPath!), 'utf8');
    const named = report.split('\n').flatMap((line) => /^- \*\*view\*\*: group (.*)$/.exec(line)?.[1] ?? []);
    assert.deepEqual(named.sort(), groupNames.sort(), 'the report names every group grant');
    assert.equal(result.userCount, users.length);
    const counts = stack.emulator.admin.counters().byOperation;
    assert.deepEqual(
      { all_groups: counts.all_groups, all_users: counts.all_users, group: counts.group ?? 0, user: counts.user ?? 0 },
      { all_groups: Math.ceil(GROUPS / 100), all_users: Math.ceil(users.length / 100), group: 0, user: 0 },
    );
  });
});
