// runScheduledPlanOnce: deliver an existing schedule now (Looker throttles this endpoint, ~10/s).
// ensureScheduledPlan: a dashboard schedule, created only when the API user has no identical one.
import type { IScheduledPlan } from '@looker/sdk';
import type { LookerClient } from './looker-client';

export interface RunScheduledPlanOnceInput {
  scheduledPlanId: string;
}

export interface RunScheduledPlanOnceResult {
  /** The id of the one-off copy Looker runs. */
  runId: string | null;
  name: string | null;
}

export interface EnsureScheduledPlanInput {
  dashboardId: string;
  name: string;
  crontab: string;
  timezone: string;
  /** Email recipients, each sent the dashboard in `format` (e.g. wysiwyg_pdf). */
  emails: string[];
  format: string;
}

export interface EnsureScheduledPlanResult {
  id: string;
  created: boolean;
}

export function createScheduledPlanActivities({ looker }: { looker: LookerClient }) {
  /** Identical = same dashboard, crontab and set of (email, format) destinations, owned by the API user. */
  async function findIdentical(input: EnsureScheduledPlanInput): Promise<string | undefined> {
    const plans = await looker.call('scheduled_plans_for_dashboard', (sdk) =>
      sdk.scheduled_plans_for_dashboard({ dashboard_id: input.dashboardId, fields: 'id,crontab,scheduled_plan_destination' }),
    );
    const wanted = destinationKey(input.emails.map((address) => ({ type: 'email', address, format: input.format })));
    return plans.find((p) => p.crontab === input.crontab && destinationKey(p.scheduled_plan_destination ?? []) === wanted)?.id;
  }

  return {
    async ensureScheduledPlan(input: EnsureScheduledPlanInput): Promise<EnsureScheduledPlanResult> {
      const existing = await findIdentical(input);
      if (existing) return { id: existing, created: false };
      const plan = await looker.call('create_scheduled_plan', (sdk) =>
        sdk.create_scheduled_plan({
          name: input.name,
          dashboard_id: input.dashboardId,
          crontab: input.crontab,
          timezone: input.timezone,
          enabled: true,
          scheduled_plan_destination: input.emails.map((address) => ({ type: 'email', address, format: input.format, apply_formatting: true, apply_vis: true })),
        }),
      );
      return { id: plan.id!, created: true };
    },

    async runScheduledPlanOnce(input: RunScheduledPlanOnceInput): Promise<RunScheduledPlanOnceResult> {
      const plan = await looker.call('scheduled_plan_run_once_by_id', (sdk) => sdk.scheduled_plan_run_once_by_id(input.scheduledPlanId));
      return { runId: plan.id ?? null, name: plan.name ?? null };
    },
  };
}

function destinationKey(destinations: Array<Pick<NonNullable<IScheduledPlan['scheduled_plan_destination']>[number], 'type' | 'address' | 'format'>>): string {
  return destinations
    .map((d) => `${d.type ?? ''}|${(d.address ?? '').toLowerCase()}|${d.format ?? ''}`)
    .sort()
    .join(',');
}
