// setupKpiMonitoring against the emulator on a real worker: the seed scenario, re-runs,
// lost responses, a 429 storm and the inputs it refuses.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { Looker40SDK } from '@looker/sdk';
import type { z } from 'zod';
import { webUrlFromApiUrl } from '../activities/web-url';
import { setupKpiMonitoringJob, type SetupKpiMonitoringInput as Input } from '../jobs/setup-kpi-monitoring';
import type { SetupKpiMonitoringResult } from '../contracts/setup-kpi-monitoring';
import { jobFailure, runParsedJob, schemaError, writeCalls } from './job-helpers';
import { makeSdk } from './emulator-helpers';
import { startLookerStack, type LookerStack } from './stack';

const stackReady = startLookerStack({ seed: 'demo' });
let stack: LookerStack;
let sdk: Looker40SDK;
before(async () => {
  stack = await stackReady;
  sdk = makeSdk(stack.emulator.baseUrl, stack.emulator.clientId, stack.emulator.clientSecret);
});

const DAU_TILE = 'events.daily_active_users';
const RECIPIENT = 'growth-team@lookerflow.example';
const OTHER_RECIPIENT = 'exec-team@lookerflow.example';

/** "Find the Daily Active Users dashboard, schedule it daily at 9am, alert if DAU drops below 10,000." */
function scenario(overrides: { cron?: string; threshold?: number } = {}) {
  return {
    dashboard: { title: 'Daily Active Users' },
    schedule: { cron: overrides.cron ?? '0 9 * * *', timezone: 'America/New_York', recipients: [RECIPIENT], format: 'pdf' },
    alert: { field: DAU_TILE, comparison: 'less than', threshold: overrides.threshold ?? 10_000, recipients: [RECIPIENT] },
  };
}

const run = (input: unknown) => runParsedJob<typeof setupKpiMonitoringJob.input, SetupKpiMonitoringResult>(stack, setupKpiMonitoringJob, input as z.input<typeof Input>);

function plansFor(cron: string) {
  return Object.values(stack.emulator.admin.state().scheduled_plans).filter(
    (p) => p.dashboard_id === '1' && p.crontab === cron && p.destinations.some((d) => d.address === RECIPIENT),
  );
}

function alertsWith(threshold: number) {
  return Object.values(stack.emulator.admin.state().alerts).filter((a) => a.threshold === threshold && a.field.name === DAU_TILE);
}

describe('setupKpiMonitoring', () => {
  it('schedules the DAU dashboard daily at 9am and alerts when DAU drops below 10,000', async () => {
    const result = await run(scenario());

    assert.equal(result.dashboardId, '1');
    assert.equal(result.scheduledPlan.created, true);
    assert.equal(result.alert?.created, true);
    assert.equal(result.dashboardUrl, `${stack.emulator.baseUrl}/dashboards/1`);

    const [plan, ...morePlans] = plansFor('0 9 * * *');
    assert.deepEqual(morePlans, []);
    assert.equal(plan.id, result.scheduledPlan.id);
    assert.equal(plan.timezone, 'America/New_York');
    assert.deepEqual(plan.destinations.map((d) => [d.type, d.address, d.format]), [['email', RECIPIENT, 'wysiwyg_pdf']]);

    const [alert, ...moreAlerts] = alertsWith(10_000);
    assert.deepEqual(moreAlerts, []);
    assert.equal(alert.id, result.alert?.id);
    assert.equal(alert.comparison_type, 'LESS_THAN');
    assert.equal(alert.cron, '0 9 * * *');
    const state = stack.emulator.admin.state();
    assert.equal(state.dashboard_elements[alert.dashboard_element_id!].title, 'DAU', 'the alert sits on the tile that shows DAU');
    assert.deepEqual(alert.destinations, [{ destination_type: 'EMAIL', email_address: RECIPIENT }]);
  });

  it('run again: finds the same schedule and alert and creates nothing', async () => {
    stack.emulator.admin.clearCalls();
    const again = await run(scenario());

    assert.equal(again.scheduledPlan.created, false);
    assert.equal(again.alert?.created, false);
    assert.equal(plansFor('0 9 * * *').length, 1);
    assert.equal(alertsWith(10_000).length, 1);
    assert.deepEqual(writeCalls(stack.emulator), []);
  });

  it('run again with a new time zone and recipients: the same schedule and alert are updated, then left alone', async () => {
    const first = await run(scenario({ cron: '0 6 * * *', threshold: 6_000 }));
    const changed = scenario({ cron: '0 6 * * *', threshold: 6_000 });
    changed.schedule = { ...changed.schedule, timezone: 'Asia/Tokyo', recipients: [RECIPIENT, OTHER_RECIPIENT], format: 'png' };
    changed.alert = { ...changed.alert, recipients: [OTHER_RECIPIENT] };

    const updated = await run(changed);

    assert.deepEqual(updated.scheduledPlan, { id: first.scheduledPlan.id, created: false, outcome: 'updated' });
    assert.deepEqual(updated.alert, { id: first.alert!.id, created: false, outcome: 'updated' });
    const state = stack.emulator.admin.state();
    const plan = state.scheduled_plans[first.scheduledPlan.id];
    assert.equal(plan.timezone, 'Asia/Tokyo');
    assert.deepEqual(plan.destinations.map((d) => [d.address, d.format]).sort(), [[OTHER_RECIPIENT, 'wysiwyg_png'], [RECIPIENT, 'wysiwyg_png']]);
    assert.deepEqual(state.alerts[first.alert!.id].destinations, [{ destination_type: 'EMAIL', email_address: OTHER_RECIPIENT }]);
    assert.equal(plansFor('0 6 * * *').length, 1);
    assert.equal(alertsWith(6_000).length, 1);

    stack.emulator.admin.clearCalls();
    const again = await run(changed);
    assert.equal(again.scheduledPlan.outcome, 'unchanged');
    assert.equal(again.alert?.outcome, 'unchanged');
    assert.deepEqual(writeCalls(stack.emulator), []);
  });

  it('a schedule found by its cron and recipients gets the name and time zone asked for', async () => {
    const first = await run(scenario({ cron: '15 6 * * *', threshold: 6_500 }));
    await sdk.ok(sdk.update_scheduled_plan(first.scheduledPlan.id, { name: 'Renamed by hand', timezone: 'UTC' }));

    const again = await run(scenario({ cron: '15 6 * * *', threshold: 6_500 }));

    assert.deepEqual(again.scheduledPlan, { id: first.scheduledPlan.id, created: false, outcome: 'updated' });
    const plan = stack.emulator.admin.state().scheduled_plans[first.scheduledPlan.id];
    assert.equal(plan.name, 'Daily Active Users (15 6 * * *)');
    assert.equal(plan.timezone, 'America/New_York');
    assert.equal(plansFor('15 6 * * *').length, 1);
  });

  it('responses lost after Looker applied the creates: still exactly one schedule and one alert', async () => {
    stack.emulator.admin.injectFault({ kind: 'drop-after-apply', count: 1, operation: 'create_alert' });
    stack.emulator.admin.injectFault({ kind: 'drop-after-apply', count: 1, operation: 'create_scheduled_plan' });

    const result = await run(scenario({ cron: '0 7 * * *', threshold: 5_000 }));

    assert.equal(plansFor('0 7 * * *').length, 1);
    assert.equal(alertsWith(5_000).length, 1);
    assert.equal(result.scheduledPlan.id, plansFor('0 7 * * *')[0].id);
    assert.equal(result.alert?.id, alertsWith(5_000)[0].id);
    assert.deepEqual(stack.emulator.admin.faults(), [], 'both lost responses happened');
  });

  it('completes under a 429 storm with the same result as a calm run', async () => {
    stack.emulator.admin.injectFault({ status: 429, count: 6, retryAfterSeconds: 1 });
    const stormy = await run(scenario({ cron: '30 8 * * 1-5', threshold: 7_500 }));
    const calm = await run(scenario({ cron: '30 8 * * 1-5', threshold: 7_500 }));

    assert.deepEqual(stack.emulator.admin.faults(), [], 'all six 429s were answered');
    const unchanged = { created: false, outcome: 'unchanged' };
    assert.deepEqual({ ...stormy, scheduledPlan: { ...stormy.scheduledPlan, ...unchanged }, alert: { ...stormy.alert!, ...unchanged } }, calm);
    assert.equal(stormy.scheduledPlan.created, true);
    assert.equal(stormy.scheduledPlan.outcome, 'created');
    assert.equal(plansFor('30 8 * * 1-5').length, 1);
    assert.equal(alertsWith(7_500).length, 1);
  });

  it('an ambiguous title fails listing every candidate with its id, and writes nothing', async () => {
    stack.emulator.admin.clearCalls();
    const failure = await jobFailure(run({ ...scenario(), dashboard: { title: 'Retention Scorecard' } }));

    assert.equal(failure.type, 'AmbiguousDashboard');
    assert.match(failure.message, /2 dashboards are titled "Retention Scorecard"/);
    assert.match(failure.message, /\b19 "Retention Scorecard"/);
    assert.match(failure.message, /\b34 "Retention Scorecard"/);
    assert.deepEqual(writeCalls(stack.emulator), []);
  });

  it('an unknown title or id fails as DashboardNotFound', async () => {
    assert.equal((await jobFailure(run({ ...scenario(), dashboard: { title: 'No Such Dashboard' } }))).type, 'DashboardNotFound');
    assert.equal((await jobFailure(run({ ...scenario(), dashboard: { id: '99999' } }))).type, 'DashboardNotFound');
  });

  it('a field no tile shows fails listing the fields the tiles do show, and writes nothing', async () => {
    stack.emulator.admin.clearCalls();
    const input = scenario();
    const failure = await jobFailure(run({ ...input, alert: { ...input.alert!, field: 'order_items.total_revenue' } }));

    assert.equal(failure.type, 'FieldNotOnDashboard');
    assert.match(failure.message, /No tile on dashboard 1 "Daily Active Users" shows order_items\.total_revenue/);
    assert.match(failure.message, /events\.daily_active_users/);
    assert.deepEqual(writeCalls(stack.emulator), []);
  });

  it("an alert cron under 15 minutes apart fails with Looker's 422 message, and writes nothing", async () => {
    const before = stack.emulator.admin.state();
    const failure = await jobFailure(run(scenario({ cron: '*/5 * * * *', threshold: 1 })));

    assert.equal(failure.type, 'LookerValidation');
    assert.match(failure.message, /15 minutes/);
    const after = stack.emulator.admin.state();
    assert.deepEqual(Object.keys(after.scheduled_plans), Object.keys(before.scheduled_plans));
    assert.deepEqual(Object.keys(after.alerts), Object.keys(before.alerts));
  });

  it('refuses bad inputs with a message naming the problem', () => {
    const input = scenario();
    assert.match(schemaError(setupKpiMonitoringJob, { ...input, alert: { ...input.alert, comparison: 'roughly' } }), /alert\.comparison must be one of EQUAL_TO/);
    assert.match(schemaError(setupKpiMonitoringJob, { ...input, schedule: { ...input.schedule, cron: 'daily at 9' } }), /five-field cron/);
    assert.match(schemaError(setupKpiMonitoringJob, { ...input, schedule: { ...input.schedule, timezone: 'Mars/Olympus' } }), /IANA time zone/);
    assert.match(schemaError(setupKpiMonitoringJob, { ...input, schedule: { ...input.schedule, recipients: [] } }), /at least one email/);
    assert.match(schemaError(setupKpiMonitoringJob, { ...input, dashboard: { name: 'x' } }), /dashboard must be \{ id \} or \{ title \}/);
  });

  it('schedule.cron: standard five-field crontab with day and month names; a bad field is named', () => {
    const input = scenario();
    const withCron = (cron: string) => ({ ...input, schedule: { ...input.schedule, cron } });
    for (const cron of ['0 9 * * MON', '0 9 * * mon-fri', '30 8 1,15 JAN-JUN *', '*/15 9-17 * * 1-5', '0 0 * * 7']) {
      assert.equal(setupKpiMonitoringJob.input.safeParse(withCron(cron)).success, true, cron);
    }
    const bothBad = schemaError(setupKpiMonitoringJob, withCron('99 99 * * *'));
    assert.match(bothBad, /minute field "99"/);
    assert.match(bothBad, /hour field "99"/);
    assert.match(schemaError(setupKpiMonitoringJob, withCron('0 9 32 * *')), /day-of-month field "32"/);
    assert.match(schemaError(setupKpiMonitoringJob, withCron('0 9 * 13 *')), /month field "13"/);
    assert.match(schemaError(setupKpiMonitoringJob, withCron('0 9 * * 8')), /day-of-week field "8"/);
    assert.match(schemaError(setupKpiMonitoringJob, withCron('0 9 * * FUNDAY')), /day-of-week field "FUNDAY"/);
    // Extensions some parsers take but a crontab does not: seconds, nicknames, L/W/#/?.
    for (const cron of ['0 0 9 * * *', '0 9 * *', '@daily']) assert.match(schemaError(setupKpiMonitoringJob, withCron(cron)), /five-field cron/, cron);
    assert.match(schemaError(setupKpiMonitoringJob, withCron('0 9 L * *')), /day-of-month field "L"/);
    assert.match(schemaError(setupKpiMonitoringJob, withCron('0 9 * * 1#2')), /day-of-week field "1#2"/);
  });

  it('links to the web UI: the API port 19999 is dropped', () => {
    assert.equal(webUrlFromApiUrl('https://acme.looker.com:19999'), 'https://acme.looker.com');
    assert.equal(webUrlFromApiUrl('https://acme.cloud.looker.com/'), 'https://acme.cloud.looker.com');
    assert.equal(webUrlFromApiUrl('http://127.0.0.1:8080'), 'http://127.0.0.1:8080');
  });

  it('accepts the friendly comparison forms', () => {
    for (const [given, expected] of [['LESS_THAN', 'LESS_THAN'], ['<', 'LESS_THAN'], ['greater than or equal to', 'GREATER_THAN_OR_EQUAL_TO'], ['decreasesBy', 'DECREASES_BY']]) {
      const input = scenario();
      const parsed = setupKpiMonitoringJob.input.parse({ ...input, alert: { ...input.alert, comparison: given } });
      assert.equal(parsed.alert?.comparison, expected);
    }
  });
});
