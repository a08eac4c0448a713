// setupKpiMonitoring: find the dashboard → find the tile showing the alert's field → alert →
// schedule, each created or updated to match the input. The alert is made first: Looker refuses crons under 15 minutes for alerts only, and
// failing there leaves nothing half set up.
import { ApplicationFailure } from '@temporalio/workflow';
import type { DashboardSummary, DashboardTile } from '../activities/content';
import { DASHBOARD_FORMATS, type SetupKpiMonitoringInput, type SetupKpiMonitoringResult } from '../contracts/setup-kpi-monitoring';
import { outcomeOf } from './support/ensure-outcome';
import { findOneDashboard } from './support/find-dashboard';
import { lookerActivities, nonLookerActivities } from './support/looker';
import { Progress } from './support/progress';

export async function setupKpiMonitoring(input: SetupKpiMonitoringInput): Promise<SetupKpiMonitoringResult> {
  const progress = new Progress();
  const read = lookerActivities('read');
  const write = lookerActivities('idempotentWrite');
  const steps = input.alert ? 4 : 3;

  progress.step('finding dashboard', { total: steps });
  const dashboard = await findOneDashboard(input.dashboard);
  progress.advance(1, `dashboard ${dashboard.id} "${dashboard.title}"`);

  let alert: SetupKpiMonitoringResult['alert'];
  if (input.alert) {
    progress.step('creating alert', { total: steps, done: 1, message: `${input.alert.field} ${input.alert.comparison} ${input.alert.threshold}` });
    const tile = tileShowing(dashboard, input.alert.field);
    alert = await write.ensureAlert({
      dashboardElementId: tile.id,
      field: { name: input.alert.field, title: tile.title ?? input.alert.field },
      comparisonType: input.alert.comparison,
      threshold: input.alert.threshold,
      cron: input.schedule.cron,
      emails: input.alert.recipients,
    });
    progress.advance(1, `alert ${alert.id} (${outcomeOf(alert)})`);
  }

  progress.step('creating schedule', { total: steps, done: steps - 2, message: input.schedule.cron });
  const scheduledPlan = await write.ensureScheduledPlan({
    dashboardId: dashboard.id,
    name: `${dashboard.title} (${input.schedule.cron})`,
    crontab: input.schedule.cron,
    timezone: input.schedule.timezone,
    emails: input.schedule.recipients,
    format: DASHBOARD_FORMATS[input.schedule.format],
  });
  progress.advance(1, `schedule ${scheduledPlan.id} (${outcomeOf(scheduledPlan)})`);

  const dashboardUrl = `${await nonLookerActivities('read').lookerWebUrl()}/dashboards/${dashboard.id}`;
  progress.step('done', { total: steps, done: steps, message: dashboardUrl });
  return {
    dashboardId: dashboard.id,
    scheduledPlan: { ...scheduledPlan, outcome: outcomeOf(scheduledPlan) },
    ...(alert ? { alert: { ...alert, outcome: outcomeOf(alert) } } : {}),
    dashboardUrl,
  };
}

/** The first tile whose query shows the field; otherwise fail naming the fields the tiles do show. */
function tileShowing(dashboard: DashboardSummary, field: string): DashboardTile {
  const tile = dashboard.tiles.find((t) => t.fields.includes(field));
  if (tile) return tile;
  const shown = [...new Set(dashboard.tiles.flatMap((t) => t.fields))].sort();
  throw ApplicationFailure.create({
    type: 'FieldNotOnDashboard',
    nonRetryable: true,
    message: `No tile on dashboard ${dashboard.id} "${dashboard.title}" shows ${field}. Its tiles show: ${shown.length ? shown.join(', ') : '(no query fields)'}`,
    details: [{ dashboardId: dashboard.id, field, fieldsShown: shown }],
  });
}
