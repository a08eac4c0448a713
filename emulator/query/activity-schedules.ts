/**
 * System Activity rows about schedules: `scheduled_job` (one row per delivery)
 * and `scheduled_plan` (the same runs joined to their plans, plus one row per
 * destination of a plan that has not run).
 */
import type { DeliveryRecord, EmulatorState, ScheduledPlanRecord } from '../core/state';
import { dashboardColumns, day, lookColumns, time, userColumns } from './activity-columns';
import type { Row } from './facts';

const yesNo = (value: boolean | undefined) => (value === undefined ? null : value ? 'Yes' : 'No');

function planColumns(state: EmulatorState, plan: ScheduledPlanRecord | undefined): Row {
  return {
    'scheduled_plan.id': plan ? Number(plan.id) : null,
    'scheduled_plan.name': plan?.name ?? null,
    'scheduled_plan.enabled': yesNo(plan?.enabled),
    'scheduled_plan.crontab': plan?.crontab ?? null,
    'scheduled_plan.cron_schedule': plan?.crontab ?? null,
    'scheduled_plan.datagroup': plan?.datagroup ?? null,
    'scheduled_plan.user_id': plan ? Number(plan.user_id) : null,
    'scheduled_plan.run_once': yesNo(plan?.run_once),
    'scheduled_plan.send_all_results': yesNo(plan?.send_all_results),
    'scheduled_plan.destination_addresses': plan ? plan.destinations.map((d) => d.address).filter(Boolean).join(', ') : null,
    'scheduled_plan.content_type': plan ? (plan.look_id ? 'look' : plan.query_id ? 'query' : 'dashboard') : null,
    'scheduled_plan.created_date': day(plan?.created_at),
    'scheduled_plan.created_time': time(plan?.created_at),
    ...userColumns(state, plan?.user_id),
    ...dashboardColumns(state, plan?.dashboard_id ?? plan?.lookml_dashboard_id),
    ...lookColumns(state, plan?.look_id),
  };
}

const NO_JOB: Row = Object.fromEntries(
  ['id', 'name', 'status', 'status_detail', 'user_id', 'cron_schedule', 'created_date', 'created_time', 'finalized_date', 'finalized_time']
    .map((f) => [`scheduled_job.${f}`, null])
    .concat([['scheduled_job_stage.runtime', null]]),
);

function jobRow(state: EmulatorState, d: DeliveryRecord & { scheduled_plan_id: string }): Row {
  const plan = state.scheduled_plans[d.scheduled_plan_id];
  const finished = new Date(Date.parse(d.created_at) + Math.round(d.runtime * 1000)).toISOString();
  return {
    ...planColumns(state, plan),
    // One-off plans are not kept: the delivery remembers what they were.
    'scheduled_plan.id': Number(d.scheduled_plan_id),
    'scheduled_plan.name': d.plan_name,
    'scheduled_plan.run_once': yesNo(d.run_once),
    ...dashboardColumns(state, d.dashboard_id),
    ...lookColumns(state, d.look_id),
    'scheduled_job.id': Number(d.id),
    'scheduled_job.name': d.plan_name,
    'scheduled_job.status': d.status,
    'scheduled_job.status_detail': d.status_detail,
    'scheduled_job.user_id': d.user_id ? Number(d.user_id) : null,
    'scheduled_job.cron_schedule': plan?.crontab ?? null,
    'scheduled_job.created_date': day(d.created_at),
    'scheduled_job.created_time': time(d.created_at),
    'scheduled_job.finalized_date': day(finished),
    'scheduled_job.finalized_time': time(finished),
    'scheduled_job_stage.runtime': d.runtime,
    'scheduled_plan_destination.type': d.destination_type,
    'scheduled_plan_destination.format': d.format,
    'scheduled_plan_destination.address': d.address,
  };
}

export function scheduledJobRows(state: EmulatorState): Row[] {
  return Object.values(state.deliveries ?? {})
    .filter((d): d is DeliveryRecord & { scheduled_plan_id: string } => d.kind === 'scheduled_plan' && d.scheduled_plan_id !== null)
    .map((d) => jobRow(state, d));
}

export function scheduledPlanRows(state: EmulatorState): Row[] {
  const jobs = scheduledJobRows(state);
  const ran = new Set(jobs.map((j) => j['scheduled_plan.id']));
  const idle = Object.values(state.scheduled_plans)
    .filter((plan) => !ran.has(Number(plan.id)))
    .flatMap((plan) =>
      plan.destinations.map((d) => ({
        ...planColumns(state, plan),
        ...NO_JOB,
        'scheduled_plan_destination.type': d.type,
        'scheduled_plan_destination.format': d.format,
        'scheduled_plan_destination.address': d.address,
      })),
    );
  return [...jobs, ...idle];
}
