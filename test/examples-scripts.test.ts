// Every example script in examples/scripts/ run as a runScript job against the emulator's demo
// seed; the writing ones through their plan and its approval, with their effects read back from
// the emulator's state.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { ApprovalState } from '../contracts/approval';
import type { RunScriptResult } from '../contracts/run-script';
import { RunScriptInput } from '../jobs/run-script';
import { waitFor } from '../scripts/wait-for';
import { useFreshLookerStack } from './fresh-stack';

const stack = useFreshLookerStack({ seed: 'demo' });
const state = () => stack().emulator.admin.state();
const example = (name: string) => readFileSync(join(__dirname, '..', 'examples', 'scripts', name), 'utf8');
const run = (name: string, input: unknown, extra: Record<string, unknown> = {}) =>
  stack().runJob<RunScriptResult>('runScript', RunScriptInput.parse({ script: example(name), input, ...extra }));
let runs = 0;
const folderOf = (records: Record<string, { id: string; folder_id: string }>) => Object.fromEntries(Object.values(records).map((r) => [r.id, r.folder_id]));

/** Runs an example as run_script does (plan, approval, run), approving the plan; returns the result and the summary approved. */
async function runApproved(name: string, input: unknown): Promise<{ result: RunScriptResult; summary: string }> {
  const handle = await stack().client.workflow.start('runScript', {
    taskQueue: stack().taskQueue,
    workflowId: `runScript-${stack().taskQueue}-example-${++runs}`,
    args: [RunScriptInput.parse({ script: example(name), input })],
    workflowExecutionTimeout: '3m',
  });
  const summary = await waitFor('the plan to wait for approval', async () => {
    const approval = await handle.query<ApprovalState>('approval');
    return approval.status === 'waiting' ? (approval as { summary: string }).summary : undefined;
  }, { timeoutMs: 60_000 });
  await handle.executeUpdate('decide', { args: [{ approved: true, by: 'test' }] });
  return { result: (await handle.result()) as RunScriptResult, summary };
}

describe('example scripts', () => {
  it('run-look-and-summarise: runs Look 1 and describes its rows', async () => {
    const result = await run('run-look-and-summarise.js', { lookId: '1', limit: 5 });
    const value = result.value as { title: string; rows: number; columns: string[] };
    assert.equal(value.title, state().looks['1'].title);
    assert.ok(value.rows > 0 && value.rows <= 5);
    assert.ok(value.columns.length > 0);
  });

  it('orphaned-schedule-rescuer: plans a new owner for every schedule of a disabled user (dry run)', async () => {
    const disabled = new Set(Object.values(state().users).filter((u) => u.is_disabled).map((u) => u.id));
    const expected = Object.values(state().scheduled_plans).filter((p) => disabled.has(p.user_id as string)).map((p) => p.id).sort();
    const result = await run('orphaned-schedule-rescuer.js', { newOwnerId: '1' }, { dryRun: true });
    assert.ok(expected.length > 0, 'the demo seed has orphaned schedules');
    assert.deepEqual(result.plan!.map((w) => w.params.scheduled_plan_id).sort(), expected);
    assert.ok(result.plan!.every((w) => w.operation === 'update_scheduled_plan'));
  });

  it('content-archiver: after approval, the longest-unused content is in the archive folder and nothing else moved', async () => {
    const archive = Object.values(state().folders).find((f) => f.name === 'Archive')!;
    const before = { dashboards: folderOf(state().dashboards), looks: folderOf(state().looks) };
    const { result, summary } = await runApproved('content-archiver.js', { days: 90, max: 30 });
    const moved = (result.value as { moved: Array<{ type: 'dashboard' | 'look'; id: string; unusedDays: number }> }).moved;
    assert.match(summary, /move_(dashboard|look)/);
    assert.ok(moved.length > 0 && moved.some((m) => m.type === 'look') && moved.some((m) => m.type === 'dashboard'), JSON.stringify(moved));
    assert.equal(result.writes.length, moved.length);
    assert.ok(moved.every((m) => m.unusedDays >= 90));
    assert.ok(!moved.some((m) => m.type === 'dashboard' && m.id === '6'), 'a dashboard already archived stays');
    const movedIds = new Set(moved.map((m) => `${m.type}:${m.id}`));
    for (const type of ['dashboards', 'looks'] as const) {
      for (const item of Object.values(state()[type])) {
        const key = `${type.slice(0, -1)}:${item.id}`;
        assert.equal(item.folder_id, movedIds.has(key) ? archive.id : before[type][item.id], key);
      }
    }
  });

  it('dashboard-profiler: runs every tile query as a query task and ranks the tiles by Looker runtime', async () => {
    const tiles = Object.values(state().dashboard_elements).filter((e) => e.dashboard_id === '1');
    const tasksBefore = Object.keys(state().query_tasks).length;
    const result = await run('dashboard-profiler.js', { dashboardId: '1' });
    const value = result.value as { dashboard: string; slowest: Array<{ elementId: string; seconds: number | null; rows: number }> };
    assert.equal(value.dashboard, 'Daily Active Users');
    assert.deepEqual(value.slowest.map((t) => t.elementId).sort(), tiles.map((t) => t.id).sort());
    assert.ok(value.slowest.every((t) => typeof t.seconds === 'number' && t.rows > 0), JSON.stringify(value.slowest));
    for (let i = 1; i < value.slowest.length; i++) assert.ok(value.slowest[i - 1].seconds! >= value.slowest[i].seconds!);
    const tileQueries = new Set(tiles.map((t) => t.query_id));
    const tasks = Object.values(state().query_tasks).slice(tasksBefore).filter((t) => tileQueries.has(t.query_id));
    assert.deepEqual(tasks.map((t) => t.query_id).sort(), tiles.map((t) => t.query_id).sort(), 'one query task per tile');
    assert.deepEqual(result.writes, []);
  });

  it('lookml-impact-radius: finds the dashboards, Looks, alerts and schedules that use a field', async () => {
    const field = 'order_items.total_revenue';
    const s = state();
    const queries = new Set(Object.values(s.queries).filter((q) => q.fields.includes(field) || Object.keys(q.filters ?? {}).includes(field) || (q.sorts ?? []).some((x: string) => x.split(' ')[0] === field)).map((q) => q.id));
    const looks = new Set(Object.values(s.looks).filter((l) => !l.deleted && queries.has(l.query_id as string)).map((l) => l.id));
    const elements = Object.values(s.dashboard_elements).filter((e) => queries.has(e.query_id as string) || looks.has(e.look_id as string));
    const dashboards = new Set(elements.map((e) => e.dashboard_id).filter((id) => !s.dashboards[id].deleted));
    const alerts = Object.values(s.alerts).filter((a) => a.field.name === field || elements.some((e) => e.id === a.dashboard_element_id)).map((a) => a.id);
    const schedules = Object.values(s.scheduled_plans).filter((p) => dashboards.has(p.dashboard_id as string) || looks.has(p.look_id as string)).map((p) => p.id);

    const result = await run('lookml-impact-radius.js', { field });
    const value = result.value as Record<'dashboards' | 'looks' | 'alerts' | 'schedules', Array<{ id: string }>>;
    assert.deepEqual(result.writes, []);
    const ids = (list: Array<{ id: string }>) => list.map((x) => String(x.id)).sort();
    assert.ok(dashboards.has('2') && dashboards.has('5') && looks.has('1'), 'the seed uses the field on the board and revenue dashboards and Look 1');
    assert.deepEqual(ids(value.dashboards), [...dashboards].sort());
    assert.deepEqual(ids(value.looks), [...looks].sort());
    assert.deepEqual(ids(value.alerts), alerts.sort());
    assert.ok(schedules.length > 0);
    assert.deepEqual(ids(value.schedules), schedules.sort());
  });

  it('morning-briefing: one personal copy of the template per user, each exported as a PDF; a second run makes no new copy', async () => {
    const users = Object.values(state().users).filter((u) => u.personal_folder_id && !u.is_disabled).slice(2, 4);
    const input = { templateDashboardId: '1', userIds: users.map((u) => u.id) };
    const { result } = await runApproved('morning-briefing.js', input);
    const briefings = result.value as Array<{ dashboardId: string; pdf: { bytes: number; contentType: string } }>;
    const copies = () => users.map((u) => Object.values(state().dashboards).filter((d) => d.folder_id === u.personal_folder_id && d.title === 'Morning briefing: Daily Active Users'));
    for (const [i, found] of copies().entries()) {
      assert.equal(found.length, 1, `one briefing for user ${users[i].id}`);
      assert.equal(briefings[i].dashboardId, found[0].id);
      assert.equal(Object.values(state().dashboard_elements).filter((e) => e.dashboard_id === found[0].id).length, 2, 'the template tiles were copied');
      assert.equal(briefings[i].pdf.contentType, 'application/pdf');
      assert.ok(briefings[i].pdf.bytes > 0);
    }
    // Nothing left to write: no approval, no new copy, fresh PDFs.
    const again = await run('morning-briefing.js', input);
    assert.deepEqual(again.writes, []);
    assert.ok(copies().every((found) => found.length === 1));
    assert.ok((again.value as Array<{ pdf: { bytes: number } }>).every((b) => b.pdf.bytes > 0));
  });

  it("escalation-router: routes each alert to its owner's team on-call address, read from a user attribute", async () => {
    // The alerts' owners: the admin on the growth team, the departed user on none.
    await stack().runJob('runScript', RunScriptInput.parse({
      requireApproval: false,
      script: `const a = await looker.create_user_attribute({ body: { name: 'escalation_team', label: 'Escalation team', type: 'string' } });
               await looker.set_user_attribute_user_value({ user_id: '1', user_attribute_id: a.id, body: { value: 'growth' } });`,
    }));
    const routes = { growth: 'growth-oncall@example.com', default: 'data-oncall@example.com' };
    const input = { field: 'events.daily_active_users', attribute: 'escalation_team', routes };
    const { result } = await runApproved('escalation-router.js', input);
    const dauAlerts = Object.values(state().alerts).filter((a) => a.field.name === 'events.daily_active_users');
    assert.equal((result.value as { routed: unknown[] }).routed.length, dauAlerts.length);
    for (const alert of dauAlerts) {
      const expected = alert.owner_id === '1' ? routes.growth : routes.default;
      assert.deepEqual(alert.destinations, [{ destination_type: 'EMAIL', email_address: expected }], `alert ${alert.id}`);
    }
    const revenue = Object.values(state().alerts).find((a) => a.field.name === 'order_items.total_revenue')!;
    assert.notEqual(revenue.destinations[0].email_address, routes.growth, 'an alert on another field is left alone');
    assert.deepEqual((await run('escalation-router.js', input)).writes, [], 'a second run changes nothing');
  });

  it('bulk-onboard-rls: groups and row-level-security attributes made and given; unknown people reported; a second run writes nothing', async () => {
    const users = Object.values(state().users).filter((u) => u.credentials_email && !u.is_disabled).slice(3, 5);
    const people = [
      ...users.map((u, i) => ({ email: u.credentials_email!.email, groups: ['Growth Team'], attributes: { region: i ? 'EMEA' : 'AMER' } })),
      { email: 'nobody@example.com', groups: ['Growth Team'], attributes: { region: 'EMEA' } },
    ];
    const { result, summary } = await runApproved('bulk-onboard-rls.js', { people });
    assert.match(summary, /create_user_attribute .*region/);
    assert.deepEqual((result.value as { notFound: string[] }).notFound, ['nobody@example.com']);
    const region = Object.values(state().user_attributes).find((a) => a.name === 'region')!;
    assert.equal(region.user_can_view, false);
    const group = Object.values(state().groups).filter((g) => g.name === 'Growth Team');
    assert.equal(group.length, 1);
    assert.deepEqual([...group[0].user_ids].sort(), users.map((u) => u.id).sort());
    users.forEach((u, i) => assert.equal(state().users[u.id].attribute_values[region.id], i ? 'EMEA' : 'AMER'));
    const again = await run('bulk-onboard-rls.js', { people });
    assert.deepEqual(again.writes, []);
    assert.equal(again.plan, undefined);
  });
});

describe('the README scenarios as scripts', () => {
  it('revenue-over-threshold-dashboard: a dashboard of the categories over 100k, with one tile; a second run writes nothing', async () => {
    const input = { threshold: 100000, title: 'Categories over 100k' };
    const { result } = await runApproved('revenue-over-threshold-dashboard.js', input);
    const value = result.value as { rows: Array<Record<string, number>>; dashboardId: string };
    assert.ok(value.rows.length > 0 && value.rows.every((r) => r['order_items.total_revenue'] > 100000), JSON.stringify(value.rows));
    const dashboards = Object.values(state().dashboards).filter((d) => d.title === input.title);
    assert.deepEqual(dashboards.map((d) => d.id), [value.dashboardId]);
    const tiles = Object.values(state().dashboard_elements).filter((e) => e.dashboard_id === value.dashboardId);
    assert.equal(tiles.length, 1);
    assert.deepEqual(state().queries[tiles[0].query_id as string].filters, { 'order_items.total_revenue': '>100000' });
    const again = await run('revenue-over-threshold-dashboard.js', input);
    assert.deepEqual(again.writes, []);
  });

  it('kpi-monitoring: a daily schedule and a DAU alert on the Daily Active Users dashboard; a second run writes nothing', async () => {
    const input = { title: 'Daily Active Users', field: 'events.daily_active_users', below: 10000, cron: '0 9 * * *', timezone: 'America/New_York', email: 'growth@company.com' };
    const { result } = await runApproved('kpi-monitoring.js', input);
    const value = result.value as { dashboardId: string; scheduledPlanId: string; alertId: string };
    assert.equal(value.dashboardId, '1');
    const plan = state().scheduled_plans[value.scheduledPlanId];
    assert.equal(plan.dashboard_id, '1');
    assert.equal(plan.crontab, '0 9 * * *');
    assert.equal(plan.timezone, 'America/New_York');
    assert.deepEqual(plan.destinations.map((d) => d.address), ['growth@company.com']);
    const alert = state().alerts[value.alertId];
    assert.equal(alert.comparison_type, 'LESS_THAN');
    assert.equal(alert.threshold, 10000);
    assert.equal(state().dashboard_elements[alert.dashboard_element_id as string].dashboard_id, '1');
    const again = await run('kpi-monitoring.js', input);
    assert.deepEqual(again.writes, []);
    assert.deepEqual(again.value, value);
  });
});
