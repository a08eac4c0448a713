/** System Activity rows about schedules: `scheduled_plan` (one row per destination) and `scheduled_job` (one row per delivery). */
import type { DeliveryRecord, EmulatorState, ScheduledPlanRecord } from '../core/state';
import { dashboardColumns, day, lookColumns, time, userColumns } from './activity-columns';
import type { Row } from './facts';

function planColumns(state: EmulatorState, plan: ScheduledPlanRecord | undefined): Row {
  return {
    'scheduled_plan.id': plan ? Number(plan.id) : null,
    'scheduled_plan.name': plan?.name ?? null,
    'scheduled_plan.enabled': plan ? (plan.enabled ? 'Yes' : 'No') : null,
    'scheduled_plan.crontab': plan?.crontab ?? null,
    'scheduled_plan.run_once': plan ? (plan.run_once ? 'Yes' : 'No') : null,
    'scheduled_plan.content_type': plan ? (plan.look_id ? 'look' : plan.query_id ? 'query' : 'dashboard') : null,
    'scheduled_plan.created_date': day(plan?.created_at),
    'scheduled_plan.created_time': time(plan?.created_at),
    ...userColumns(state, plan?.user_id),
    ...dashboardColumns(state, plan?.dashboard_id ?? plan?.lookml_dashboard_id),
    ...lookColumns(state, plan?.look_id),
  };
}

export function scheduledPlanRows(state: EmulatorState): Row[] {
  return Object.values(state.scheduled_plans).flatMap((plan) =>
    plan.destinations.map((d) => ({
      ...planColumns(state, plan),
      'scheduled_plan_destination.type': d.type,
      'scheduled_plan_destination.format': d.format,
      'scheduled_plan_destination.address': d.address,
    })),
  );
}

export function scheduledJobRows(state: EmulatorState): Row[] {
  return Object.values(state.deliveries ?? {})
    .filter((d): d is DeliveryRecord & { scheduled_plan_id: string } => d.kind === 'scheduled_plan' && d.scheduled_plan_id !== null)
    .map((d) => ({
      'scheduled_job.id': Number(d.id),
      'scheduled_job.status': d.status,
      'scheduled_job.status_detail': d.status_detail,
      'scheduled_job.created_date': day(d.created_at),
      'scheduled_job.created_time': time(d.created_at),
      'scheduled_job.finalized_time': time(d.created_at),
      ...planColumns(state, state.scheduled_plans[d.scheduled_plan_id]),
      // One-off plans are not kept: the delivery remembers what they were.
      'scheduled_plan.id': Number(d.scheduled_plan_id),
      'scheduled_plan.name': d.plan_name,
      'scheduled_plan.run_once': d.run_once ? 'Yes' : 'No',
      ...dashboardColumns(state, d.dashboard_id),
      ...lookColumns(state, d.look_id),
      'scheduled_plan_destination.type': d.destination_type,
      'scheduled_plan_destination.format': d.format,
      'scheduled_plan_destination.address': d.address,
    }));
}
