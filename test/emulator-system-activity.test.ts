/** System Activity through the real SDK: the explores admins query, filled from what the emulator ran, served and delivered. */
import { ResultFormat } from '@looker/sdk';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEMO_IDS } from '../emulator';
import { waitFor } from '../scripts/wait-for';
import { useTestEmulator } from './emulator-helpers';

const t = useTestEmulator();
type Row = Record<string, any>;

async function activity(view: string, fields: string[], filters: Record<string, string> = {}): Promise<Row[]> {
  const { sdk } = t();
  return (await sdk.ok(sdk.run_inline_query({ result_format: 'json', body: { model: 'system__activity', view, fields, filters, limit: '5000' } }))) as unknown as Row[];
}

test('the explores and fields admins use are there, and suggest_explore names the explore', async () => {
  const { sdk } = t();
  const model = await sdk.ok(sdk.lookml_model('system__activity'));
  const explores = model.explores!.map((e) => e.name);
  for (const name of ['history', 'event', 'event_attribute', 'scheduled_plan', 'scheduled_job', 'pdt_event_log', 'field_usage', 'content_usage', 'user', 'dashboard', 'look']) {
    assert.ok(explores.includes(name), `explore ${name}`);
  }
  const history = await sdk.ok(sdk.lookml_model_explore({ lookml_model_name: 'system__activity', explore_name: 'history' }));
  const names = [...history.fields!.dimensions!, ...history.fields!.measures!].map((f) => f.name);
  for (const field of ['history.created_time', 'history.runtime', 'query.model', 'query.view', 'query.formatted_fields', 'dashboard.title', 'user.name', 'history.query_run_count']) {
    assert.ok(names.includes(field), `history has ${field}`);
  }
  assert.ok(history.fields!.dimensions!.every((f) => f.suggest_explore === 'history'));
  const orders = await sdk.ok(sdk.lookml_model_explore({ lookml_model_name: 'ecommerce', explore_name: 'order_items' }));
  assert.equal(orders.fields!.dimensions!.find((f) => f.name === 'products.category')!.suggest_explore, 'order_items', 'the explore, not the view (products)');
  const usage = await sdk.ok(sdk.lookml_model_explore({ lookml_model_name: 'system__activity', explore_name: 'content_usage' }));
  assert.ok(usage.fields!.dimensions!.some((f) => f.name === 'content_usage.view_count'));
});

test('history holds the queries the emulator ran: when, how long, which model, explore, fields, dashboard, user', async () => {
  const { sdk } = t();
  const query = await sdk.ok(sdk.create_query({ model: 'sales', view: 'opportunities', fields: ['opportunities.stage', 'opportunities.total_amount'], filters: { 'opportunities.region': 'EMEA' } }));
  await sdk.ok(sdk.run_query({ query_id: query.id!, result_format: 'json' }));
  const task = await sdk.ok(sdk.create_query_task({ body: { query_id: query.id!, result_format: ResultFormat.json, source: 'dashboard', dashboard_id: DEMO_IDS.boardDashboard } }));
  await waitFor('the task to finish', async () => (await sdk.ok(sdk.query_task(task.id!))).status === 'complete' || undefined);

  const rows = await activity('history', ['history.id', 'history.created_time', 'history.runtime', 'history.source', 'history.status', 'query.model', 'query.view', 'query.formatted_fields', 'dashboard.title', 'user.name'], { 'query.id': query.id! });
  assert.equal(rows.length, 2);
  for (const row of rows) {
    assert.match(row['history.created_time'], /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    assert.equal(typeof row['history.runtime'], 'number');
    assert.equal(row['query.model'], 'sales');
    assert.equal(row['query.view'], 'opportunities');
    assert.equal(row['query.formatted_fields'], 'opportunities.stage, opportunities.total_amount');
    assert.equal(row['user.name'], 'Admin Emulator');
    assert.equal(row['history.status'], 'complete');
  }
  assert.deepEqual(rows.map((r) => r['history.source']).sort(), ['api4', 'dashboard']);
  assert.equal(rows.find((r) => r['history.source'] === 'dashboard')!['dashboard.title'], 'Q4 Board Financials');

  const counts = await activity('history', ['query.view', 'history.query_run_count', 'history.average_runtime'], { 'query.model': 'sales', 'history.created_date': '1 day' });
  assert.equal(counts.find((r) => r['query.view'] === 'opportunities')!['history.query_run_count'], 2);

  const usage = await activity('field_usage', ['field_usage.field', 'field_usage.times_used'], { 'field_usage.model': 'sales' });
  const times = Object.fromEntries(usage.map((r) => [r['field_usage.field'], r['field_usage.times_used']]));
  assert.deepEqual([times['opportunities.stage'], times['opportunities.total_amount'], times['opportunities.region']], [2, 2, 2]);
  assert.equal(times['opportunities.close_date'], 0, 'every field of the explore is listed, used or not');
  const unused = await activity('field_usage', ['field_usage.explore', 'field_usage.field'], { 'field_usage.model': 'sales', 'field_usage.times_used': '0' });
  assert.ok(unused.some((r) => r['field_usage.field'] === 'accounts.industry'));
  assert.ok(!unused.some((r) => r['field_usage.field'] === 'opportunities.stage'));
  const sources = await activity('history', ['history.count', 'history.database_result_query_count', 'history.queries_under_10s'], { 'query.id': query.id! });
  assert.deepEqual(sources, [{ 'history.count': 2, 'history.database_result_query_count': 2, 'history.queries_under_10s': 2 }]);
  // An audit as admins write it: recent API queries with a large row limit.
  const big = await sdk.ok(sdk.create_query({ model: 'sales', view: 'opportunities', fields: ['opportunities.stage'], limit: '10000' }));
  await sdk.ok(sdk.run_query({ query_id: big.id!, result_format: 'csv' }));
  const audit = await activity('history', ['history.created_time', 'query.link', 'user.name', 'history.source', 'query.limit'], { 'history.created_time': '24 hours', 'history.source': '-regenerator,-suggest', 'query.limit': '>5000' });
  assert.deepEqual(audit.map((r) => [r['query.limit'], r['query.link']]), [[10000, `/explore/sales/opportunities?qid=${big.slug}`]]);
  const failed = await sdk.ok(sdk.create_query({ model: 'sales', view: 'opportunities', fields: ['opportunities.nope'] }));
  await sdk.run_query({ query_id: failed.id!, result_format: 'json' });
  const errors = await activity('history', ['history.status', 'history.message'], { 'query.id': failed.id! });
  assert.equal(errors[0]['history.status'], 'error');
  assert.match(errors[0]['history.message'], /opportunities\.nope/);
});

test('events and their attributes record content created and trashed; content_usage carries view counts', async () => {
  const { sdk } = t();
  const created = await sdk.ok(sdk.create_dashboard({ title: 'Activity probe, with comma', folder_id: '1' }));
  await sdk.ok(sdk.update_dashboard(created.id!, { deleted: true }));
  const attributes = await activity('event_attribute', ['event.name', 'event_attribute.name', 'event_attribute.value', 'user.name'], { 'event_attribute.name': 'dashboard_id', 'event_attribute.value': created.id! });
  assert.deepEqual(attributes.map((r) => r['event.name']).sort(), ['create_dashboard', 'delete_dashboard']);
  assert.ok(attributes.every((r) => r['user.name'] === 'Admin Emulator'));
  const events = await activity('event', ['event.name', 'event.count'], { 'event.name': 'create_dashboard,create_user' });
  assert.ok(events.find((r) => r['event.name'] === 'create_user')!['event.count'] >= 45);

  const usage = await activity('content_usage', ['dashboard.id', 'content_usage.view_count', 'content_usage.schedule_count'], { 'dashboard.id': DEMO_IDS.dauDashboard });
  assert.equal(usage[0]['content_usage.view_count'], 5400);
  assert.ok(usage[0]['content_usage.schedule_count'] >= 1);
  const totals = await activity('content_usage', ['content_usage.content_type', 'content_usage.view_total']);
  assert.ok(totals.every((r) => r['content_usage.view_total'] > 0));
  assert.deepEqual(await activity('pdt_event_log', ['pdt_event_log.action', 'pdt_event_log.count']), [], 'the emulator builds no PDTs');
});

test('scheduled_plan lists schedules with destinations; scheduled_job lists each delivery', async () => {
  const { sdk } = t();
  const plans = await activity('scheduled_plan', ['scheduled_plan.name', 'scheduled_plan.crontab', 'scheduled_plan_destination.format', 'user.name'], { 'scheduled_plan.name': 'Daily DAU digest' });
  assert.deepEqual(plans.map((r) => [r['scheduled_plan.crontab'], r['scheduled_plan_destination.format']]), [['0 8 * * *', 'wysiwyg_pdf']]);
  const [plan] = await sdk.ok(sdk.search_scheduled_plans({ name: 'Daily DAU digest', all_users: true }));
  const run = await sdk.ok(sdk.scheduled_plan_run_once_by_id(plan.id!));
  const jobs = await activity('scheduled_job', ['scheduled_job.id', 'scheduled_job.status', 'scheduled_plan.id', 'scheduled_plan.run_once', 'scheduled_plan_destination.address', 'dashboard.title'], { 'scheduled_plan.id': run.id! });
  assert.equal(jobs.length, 1);
  assert.equal(jobs[0]['scheduled_job.status'], 'success');
  assert.equal(jobs[0]['dashboard.title'], 'Daily Active Users');
  assert.equal(jobs[0]['scheduled_plan.run_once'], 'Yes');
  const viaPlans = await activity('scheduled_plan', ['scheduled_job.id', 'scheduled_job.status', 'scheduled_plan.name'], { 'scheduled_plan.id': run.id! });
  assert.deepEqual(viaPlans.map((r) => [r['scheduled_job.status'], r['scheduled_plan.name']]), [['success', 'Daily DAU digest']], 'scheduled_plan joins its jobs');

  // "Broken schedules", as admins query them: a look whose query cannot run.
  const broken = await sdk.ok(sdk.create_query({ model: 'ecommerce', view: 'order_items', fields: ['order_items.gone'] }));
  const look = await sdk.ok(sdk.create_look({ title: 'Broken look', query_id: broken.id!, folder_id: '1' }));
  const failing = await sdk.ok(sdk.scheduled_plan_run_once({ name: 'Broken look daily', look_id: look.id!, scheduled_plan_destination: [{ type: 'email', format: 'csv', address: 'ops@lookerflow.example' }] }));
  const failures = await activity('scheduled_plan', ['scheduled_job.finalized_time', 'scheduled_plan.id', 'scheduled_plan.name', 'user.email', 'scheduled_job.status', 'scheduled_job.status_detail'], { 'scheduled_job.status': 'failure' });
  const failure = failures.find((r) => r['scheduled_plan.id'] === Number(failing.id))!;
  assert.equal(failure['scheduled_plan.name'], 'Broken look daily');
  assert.match(failure['scheduled_job.status_detail'], /order_items\.gone/);
  assert.match(failure['scheduled_job.finalized_time'], /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
  const idle = await activity('scheduled_plan', ['scheduled_plan.name', 'scheduled_job.id'], { 'scheduled_plan.name': 'Board financials weekly' });
  assert.deepEqual(idle, [{ 'scheduled_plan.name': 'Board financials weekly', 'scheduled_job.id': null }], 'a plan that never ran still shows, without a job');

  const fromSchedules = await activity('history', ['history.source', 'history.query_run_count'], { 'history.source': 'scheduled_task' });
  assert.ok(fromSchedules[0]['history.query_run_count'] >= 1, 'the run shows in history as a scheduled task');
});

test('user_facts carries last UI and API logins, so inactive users are found the way admins find them', async () => {
  const { emu } = t();
  const users = await activity('user', ['user.id', 'user.email', 'user_facts.last_ui_login_date', 'user_facts.last_api_login_time']);
  const admin = users.find((u) => u['user.email'] === 'admin@lookerflow.example')!;
  assert.match(String(admin['user_facts.last_api_login_time']), /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/, 'the admin logged in over the API for these calls');
  const seeded = Object.values(emu.admin.state().users).filter((u) => u.credentials_email?.logged_in_at);
  assert.ok(seeded.length > 0);
  const someone = users.find((u) => u['user.id'] === Number(seeded[0].id))!;
  assert.equal(someone['user_facts.last_ui_login_date'], seeded[0].credentials_email!.logged_in_at!.slice(0, 10));
  const inactive = await activity('user', ['user.id'], { 'user_facts.last_ui_login_date': 'before 90 days ago' });
  assert.ok(inactive.length < users.length);
});
