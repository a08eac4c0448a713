/** Schedules and alerts deliver into the emulator's outbox: next_run_at, run_once, runs on the cron, alert notifications. */
import { ComparisonType, DestinationType } from '@looker/sdk';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEMO_IDS } from '../emulator';
import { waitFor } from '../scripts/wait-for';
import { useTestEmulator } from './emulator-helpers';

// The business clock starts on Monday 2026-11-30 07:58 UTC and moves only when a test moves it.
const START = Date.parse('2026-11-30T07:58:00Z');
let offsetMs = 0;
const t = useTestEmulator({ now: () => new Date(START + offsetMs) });

const email = (address: string, format: string) => ({ type: 'email', address, format });

test('next_run_at follows the crontab in the plan time zone; null when run-once or disabled', async () => {
  const { sdk } = t();
  const plan = await sdk.ok(sdk.create_scheduled_plan({ name: 'Morning UTC', dashboard_id: DEMO_IDS.dauDashboard, crontab: '30 7 * * *', scheduled_plan_destination: [email('a@lookerflow.example', 'wysiwyg_pdf')] }));
  assert.equal(new Date(plan.next_run_at!).toISOString(), '2026-12-01T07:30:00.000Z');
  const ny = await sdk.ok(sdk.update_scheduled_plan(plan.id!, { timezone: 'America/New_York', crontab: '0 8 * * 1-5' }));
  assert.equal(new Date(ny.next_run_at!).toISOString(), '2026-11-30T13:00:00.000Z', '08:00 in New York (EST) on Monday');
  const weekly = await sdk.ok(sdk.update_scheduled_plan(plan.id!, { timezone: 'UTC', crontab: '0 9 1 * 5' }));
  assert.equal(new Date(weekly.next_run_at!).toISOString(), '2026-12-01T09:00:00.000Z', 'day-of-month OR day-of-week, as cron does');
  const off = await sdk.ok(sdk.update_scheduled_plan(plan.id!, { enabled: false }));
  assert.equal(off.next_run_at, null);
  await sdk.ok(sdk.delete_scheduled_plan(plan.id!));
});

test('run_once_by_id makes its own one-off plan each time; both deliveries land in the outbox with their attachment', async () => {
  const { sdk, emu } = t();
  const plan = await sdk.ok(sdk.create_scheduled_plan({
    name: 'Revenue look', look_id: DEMO_IDS.revenueLook, crontab: '0 6 * * 1',
    scheduled_plan_destination: [email('finance@lookerflow.example', 'csv'), { type: 'webhook', address: 'https://hooks.example/revenue', format: 'json' }],
  }));
  const first = await sdk.ok(sdk.scheduled_plan_run_once_by_id(plan.id!));
  const second = await sdk.ok(sdk.scheduled_plan_run_once_by_id(plan.id!, { scheduled_plan_destination: [email('cfo@lookerflow.example', 'wysiwyg_pdf')] } as never));
  assert.notEqual(first.id, plan.id);
  assert.notEqual(second.id, first.id);
  assert.equal(first.run_once, true);
  assert.equal(first.next_run_at, null);
  const original = await sdk.ok(sdk.scheduled_plan(plan.id!));
  assert.equal(original.last_run_at, null, 'the original plan is not modified');
  assert.equal(original.scheduled_plan_destination!.length, 2);

  const outbox = emu.admin.outbox();
  const ofFirst = outbox.filter((d) => d.scheduled_plan_id === first.id);
  assert.deepEqual(ofFirst.map((d) => [d.destination_type, d.address, d.format, d.status]), [
    ['email', 'finance@lookerflow.example', 'csv', 'success'],
    ['webhook', 'https://hooks.example/revenue', 'json', 'success'],
  ]);
  const csv = Buffer.from(ofFirst[0].attachment_base64!, 'base64').toString('utf8');
  assert.match(csv, /^Products Category,Order Items Total Revenue\n/);
  assert.equal(csv.trim().split('\n').length, 13);
  assert.equal(ofFirst[0].attachment_bytes, Buffer.byteLength(csv));
  assert.equal(JSON.parse(Buffer.from(ofFirst[1].attachment_base64!, 'base64').toString('utf8')).data.length, 12);
  const [pdf] = outbox.filter((d) => d.scheduled_plan_id === second.id);
  assert.equal(pdf.address, 'cfo@lookerflow.example');
  assert.equal(pdf.content_type, 'application/pdf');
  assert.match(Buffer.from(pdf.attachment_base64!, 'base64').toString('latin1'), /^%PDF-1\.4[\s\S]*Revenue by Product Category/);

  // The same outbox over the admin HTTP API.
  const overHttp = (await (await fetch(`${emu.baseUrl}/_emulator/outbox`)).json()) as { scheduled_plan_id: string }[];
  assert.equal(overHttp.filter((d) => d.scheduled_plan_id === first.id || d.scheduled_plan_id === second.id).length, 3);

  const adHoc = await sdk.ok(sdk.scheduled_plan_run_once({ name: 'Ad hoc', dashboard_id: DEMO_IDS.dauDashboard, scheduled_plan_destination: [email('ops@lookerflow.example', 'wysiwyg_png')] }));
  const png = emu.admin.outbox().find((d) => d.scheduled_plan_id === adHoc.id)!;
  assert.deepEqual([...Buffer.from(png.attachment_base64!, 'base64').subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
  assert.equal((await sdk.ok(sdk.all_scheduled_plans({ all_users: true }))).some((p) => p.id === adHoc.id), false, 'one-off plans are not kept as schedules');
  await sdk.ok(sdk.delete_scheduled_plan(plan.id!));
});

test('plans run on their cron and alerts are evaluated on theirs while the emulator runs', async () => {
  const { sdk, emu } = t();
  const plan = await sdk.ok(sdk.create_scheduled_plan({ name: 'Board at 08:05', dashboard_id: DEMO_IDS.boardDashboard, crontab: '5 8 * * *', scheduled_plan_destination: [email('board@lookerflow.example', 'wysiwyg_pdf')] }));
  const dashboard = await sdk.ok(sdk.dashboard(DEMO_IDS.dauDashboard));
  const me = await sdk.ok(sdk.me());
  const alert = (comparison: ComparisonType, threshold: number) =>
    sdk.ok(sdk.create_alert({
      comparison_type: comparison, cron: '0 10 * * *', threshold, owner_id: me.id!,
      destinations: [{ destination_type: DestinationType.EMAIL, email_address: `dau-${comparison.toLowerCase()}@lookerflow.example` }],
      field: { title: 'Daily Active Users', name: 'events.daily_active_users' }, dashboard_element_id: dashboard.dashboard_elements![0].id!,
    }));
  const holds = await alert(ComparisonType.GREATER_THAN, 0);
  const never = await alert(ComparisonType.LESS_THAN, 0);
  assert.equal(emu.admin.outbox().some((d) => d.scheduled_plan_id === plan.id), false);

  offsetMs = 9 * 60_000; // 08:07: the plan's 08:05 has passed
  const [delivery] = await waitFor('the 08:05 delivery', async () => {
    const found = emu.admin.outbox().filter((d) => d.scheduled_plan_id === plan.id);
    return found.length ? found : undefined;
  }, { timeoutMs: 10_000 });
  assert.equal(delivery.address, 'board@lookerflow.example');
  assert.equal(delivery.created_at, new Date(START + offsetMs).toISOString().replace(/\.\d+Z$/, '.000Z'));
  assert.match(Buffer.from(delivery.attachment_base64!, 'base64').toString('latin1'), /Q4 Board Financials/);
  assert.ok((await sdk.ok(sdk.scheduled_plan(plan.id!))).last_run_at);

  offsetMs = 2 * 60 * 60_000 + 3 * 60_000; // 10:01: both alerts were evaluated at 10:00
  const fired = await waitFor('the alert notification', async () => emu.admin.outbox().find((d) => d.alert_id === holds.id), { timeoutMs: 10_000 });
  assert.equal(fired.kind, 'alert');
  const overHttp = (await (await fetch(`${emu.baseUrl}/_emulator/outbox`)).json()) as { kind: string; alert_id?: string }[];
  assert.ok(overHttp.some((d) => d.kind === 'alert' && d.alert_id === holds.id), 'the fired alert is in the outbox over the admin HTTP API too');
  assert.equal(fired.address, 'dau-greater_than@lookerflow.example');
  assert.match(fired.status_detail!, /events\.daily_active_users = \d+/);
  assert.equal(emu.admin.outbox().some((d) => d.alert_id === never.id), false, 'a condition that does not hold sends nothing');
  assert.equal(emu.admin.outbox().filter((d) => d.scheduled_plan_id === plan.id).length, 1, 'the plan ran once, not on every tick');

  // The owner sees the fired alert among their notifications, and can mark it read.
  const notifications = await sdk.ok(sdk.alert_notifications({}));
  const mine = notifications.filter((n) => n.alert_condition_id === holds.id);
  assert.equal(mine.length, 1);
  assert.equal(mine[0].threshold_value, 0);
  assert.equal(mine[0].field_value, fired.field_value);
  assert.equal(mine[0].is_read, false);
  assert.equal(mine[0].alert!.dashboard_name, 'Daily Active Users');
  assert.equal(mine[0].triggering_field_title, 'Daily Active Users');
  assert.equal((await sdk.ok(sdk.read_alert_notification(mine[0].notification_id!))).is_read, true);
  assert.equal((await sdk.ok(sdk.alert_notifications({}))).find((n) => n.notification_id === mine[0].notification_id)!.is_read, true);
});
