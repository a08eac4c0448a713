/** Scheduled plans and alerts through the real SDK. */
import { ComparisonType, DestinationType } from '@looker/sdk';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEMO_IDS } from '../emulator';
import { sdkError, useTestEmulator } from './emulator-helpers';

const t = useTestEmulator();

const destination = { type: 'email', format: 'wysiwyg_pdf', address: 'ops@lookerflow.example' };

test('scheduled plans: create, read, list per dashboard, reassign, run once, delete', async () => {
  const { sdk } = t();
  const plan = await sdk.ok(sdk.create_scheduled_plan({ name: 'Nightly DAU', dashboard_id: DEMO_IDS.dauDashboard, crontab: '0 2 * * *', scheduled_plan_destination: [destination] }));
  assert.equal(plan.scheduled_plan_destination![0].address, 'ops@lookerflow.example');
  assert.equal((await sdk.ok(sdk.scheduled_plan(plan.id!))).name, 'Nightly DAU');
  assert.ok((await sdk.ok(sdk.scheduled_plans_for_dashboard({ dashboard_id: DEMO_IDS.dauDashboard }))).some((p) => p.id === plan.id));
  assert.ok((await sdk.ok(sdk.scheduled_plans_for_look({ look_id: DEMO_IDS.revenueLook, all_users: true }))).length >= 1);

  const [grace] = await sdk.ok(sdk.search_users({ first_name: 'Grace', limit: 1 }));
  const moved = await sdk.ok(sdk.update_scheduled_plan(plan.id!, { user_id: grace.id! }));
  assert.equal(moved.user_id, grace.id);
  assert.ok((await sdk.ok(sdk.search_scheduled_plans({ user_id: grace.id!, name: 'nightly%' }))).some((p) => p.id === plan.id));

  const ran = await sdk.ok(sdk.scheduled_plan_run_once_by_id(plan.id!));
  assert.ok(ran.last_run_at);
  const adHoc = await sdk.ok(sdk.scheduled_plan_run_once({ name: 'Ad hoc', look_id: DEMO_IDS.revenueLook, scheduled_plan_destination: [{ ...destination, format: 'csv' }] }));
  assert.equal(adHoc.run_once, true);

  await sdk.ok(sdk.delete_scheduled_plan(plan.id!));
  assert.match((await sdkError(sdk.scheduled_plan(plan.id!))).documentation_url, /\/404\//);
});

test('scheduled plans: the disabled owner is found with all_users and its plans reassigned', async () => {
  const { sdk } = t();
  const [departed] = await sdk.ok(sdk.search_users({ is_disabled: true }));
  const theirs = (await sdk.ok(sdk.all_scheduled_plans({ all_users: true }))).filter((p) => p.user_id === departed.id);
  assert.ok(theirs.length >= 2);
  const me = await sdk.ok(sdk.me());
  for (const plan of theirs) await sdk.ok(sdk.update_scheduled_plan(plan.id!, { user_id: me.id! }));
  assert.equal((await sdk.ok(sdk.all_scheduled_plans({ all_users: true }))).filter((p) => p.user_id === departed.id).length, 0);
  const back = await sdkError(sdk.update_scheduled_plan(theirs[0].id!, { user_id: departed.id! }));
  assert.match(back.documentation_url, /\/422\//);
});

test('scheduled plans: invalid ones are 422 with field details', async () => {
  const error = await sdkError(t().sdk.create_scheduled_plan({ name: 'Broken', crontab: 'every day', scheduled_plan_destination: [] }));
  const fields = error.errors!.map((e) => e.field).sort();
  assert.deepEqual(fields, ['crontab', 'dashboard_id', 'scheduled_plan_destination']);
});

test('scheduled plans: a crontab may name months and weekdays, as in Looker; an unknown name is 422', async () => {
  const { sdk } = t();
  for (const crontab of ['0 9 * * MON-FRI', '30 8 1 jan,jul sun']) {
    const plan = await sdk.ok(sdk.create_scheduled_plan({ name: `Named ${crontab}`, dashboard_id: DEMO_IDS.dauDashboard, crontab, scheduled_plan_destination: [destination] }));
    assert.equal(plan.crontab, crontab);
  }
  const error = await sdkError(sdk.create_scheduled_plan({ name: 'Funday', dashboard_id: DEMO_IDS.dauDashboard, crontab: '0 9 * * FUNDAY', scheduled_plan_destination: [destination] }));
  assert.deepEqual(error.errors!.map((e) => e.field), ['crontab']);
});

test('alerts: create, get, update, patch a field, search, delete', async () => {
  const { sdk } = t();
  const dashboard = await sdk.ok(sdk.dashboard(DEMO_IDS.dauDashboard));
  const me = await sdk.ok(sdk.me());
  const alert = await sdk.ok(
    sdk.create_alert({
      comparison_type: ComparisonType.LESS_THAN,
      cron: '0 */1 * * *',
      destinations: [{ destination_type: DestinationType.EMAIL, email_address: 'ops@lookerflow.example' }],
      field: { title: 'Daily Active Users', name: 'events.daily_active_users' },
      owner_id: me.id!,
      threshold: 500,
      dashboard_element_id: dashboard.dashboard_elements![0].id!,
    }),
  );
  assert.equal((await sdk.ok(sdk.get_alert(alert.id!))).threshold, 500);
  const updated = await sdk.ok(sdk.update_alert(alert.id!, { ...alert, comparison_type: ComparisonType.GREATER_THAN, threshold: 9000 } as never));
  assert.equal(updated.comparison_type, 'GREATER_THAN');
  const disabled = await sdk.ok(sdk.update_alert_field(alert.id!, { is_disabled: true, disabled_reason: 'owner left' }));
  assert.equal(disabled.is_disabled, true);
  assert.ok((await sdk.ok(sdk.search_alerts({ disabled: true }))).some((a) => a.id === alert.id));
  await sdk.ok(sdk.delete_alert(alert.id!));
  assert.match((await sdkError(sdk.get_alert(alert.id!))).documentation_url, /\/404\//);
});

test('alerts: missing required fields, a bad comparison type or a too-frequent cron are 422', async () => {
  const { sdk } = t();
  const missing = await sdkError(sdk.create_alert({ cron: '0 9 * * *' } as never));
  assert.deepEqual(missing.errors!.map((e) => e.field).sort(), ['comparison_type', 'destinations', 'field', 'owner_id', 'threshold']);
  const me = await sdk.ok(sdk.me());
  const base = {
    comparison_type: ComparisonType.EQUAL_TO,
    cron: '0 9 * * *',
    destinations: [{ destination_type: DestinationType.EMAIL, email_address: 'x@lookerflow.example' }],
    field: { title: 'Count', name: 'order_items.count' },
    owner_id: me.id!,
    threshold: 1,
  };
  for (const type of Object.values(ComparisonType)) assert.ok((await sdk.create_alert({ ...base, comparison_type: type })).ok, type);
  const badType = await sdkError(sdk.create_alert({ ...base, comparison_type: 'ABOUT' as never }));
  assert.equal(badType.errors![0].field, 'comparison_type');
  const tooOften = await sdkError(sdk.create_alert({ ...base, cron: '*/5 * * * *' }));
  assert.equal(tooOften.errors![0].field, 'cron');
  assert.ok((await sdk.create_alert({ ...base, cron: '*/15 * * * *' })).ok);
});

test('alerts: following is per user, and get_alert says whether the caller follows', async () => {
  const { sdk, userSdk } = t();
  const [alert] = await sdk.ok(sdk.search_alerts({}));
  assert.equal((await sdk.ok(sdk.get_alert(alert.id!))).followed, false);
  await sdk.ok(sdk.follow_alert(alert.id!));
  assert.equal((await sdk.ok(sdk.get_alert(alert.id!))).followed, true);
  assert.equal((await userSdk.ok(userSdk.get_alert(alert.id!))).followed, false, 'another user does not follow it');
  await sdk.ok(sdk.unfollow_alert(alert.id!));
  assert.equal((await sdk.ok(sdk.get_alert(alert.id!))).followed, false);
  assert.equal((await sdk.follow_alert('999999')).ok, false);
});
