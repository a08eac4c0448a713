// ensureScheduledPlan: a dashboard schedule of the API user's, made to match the input.
//
// The plan is found by its name on the dashboard, or else by the same crontab and set of
// (email, format) destinations (a plan made before the name was given, or renamed by hand).
// What differs (name, crontab, time zone, destinations, enabled) is updated in place, so a re-run
// with a new time zone or recipients changes that plan instead of ignoring the input.
import type { IScheduledPlan, IScheduledPlanDestination } from '@looker/sdk';
import { ensureResult, type EnsureResult } from './ensure-result';
import type { LookerClient } from './looker-client';

export interface EnsureScheduledPlanInput {
  dashboardId: string;
  name: string;
  crontab: string;
  timezone: string;
  /** Email recipients, each sent the dashboard in `format` (e.g. wysiwyg_pdf). */
  emails: string[];
  format: string;
}

export type EnsureScheduledPlanResult = EnsureResult;

const PLAN_FIELDS = 'id,name,crontab,timezone,enabled,scheduled_plan_destination';

export function createScheduledPlanActivities({ looker }: { looker: LookerClient }) {
  return {
    async ensureScheduledPlan(input: EnsureScheduledPlanInput): Promise<EnsureScheduledPlanResult> {
      // Lists the API user's own plans on the dashboard only.
      const plans = await looker.call('scheduled_plans_for_dashboard', (sdk) =>
        sdk.scheduled_plans_for_dashboard({ dashboard_id: input.dashboardId, fields: PLAN_FIELDS }),
      );
      const wanted = destinationKey(destinationsOf(input));
      const existing =
        plans.find((p) => p.name === input.name) ??
        plans.find((p) => p.crontab === input.crontab && destinationKey(p.scheduled_plan_destination ?? []) === wanted);
      if (!existing) {
        const plan = await looker.call('create_scheduled_plan', (sdk) =>
          sdk.create_scheduled_plan({ dashboard_id: input.dashboardId, ...desiredPlan(input) }),
        );
        return ensureResult(plan.id!, 'created');
      }
      const changes = planChanges(existing, input);
      if (Object.keys(changes).length === 0) return ensureResult(existing.id!, 'unchanged');
      await looker.call('update_scheduled_plan', (sdk) => sdk.update_scheduled_plan(existing.id!, changes));
      return ensureResult(existing.id!, 'updated');
    },
  };
}

function destinationsOf(input: EnsureScheduledPlanInput): IScheduledPlanDestination[] {
  return input.emails.map((address) => ({ type: 'email', address, format: input.format, apply_formatting: true, apply_vis: true }));
}

function desiredPlan(input: EnsureScheduledPlanInput) {
  return { name: input.name, crontab: input.crontab, timezone: input.timezone, enabled: true, scheduled_plan_destination: destinationsOf(input) };
}

/** Only the fields that differ: an update that names destinations replaces all of them. */
function planChanges(plan: IScheduledPlan, input: EnsureScheduledPlanInput): Partial<ReturnType<typeof desiredPlan>> {
  const wanted = desiredPlan(input);
  const changes: Partial<typeof wanted> = {};
  if (plan.name !== wanted.name) changes.name = wanted.name;
  if (plan.crontab !== wanted.crontab) changes.crontab = wanted.crontab;
  if ((plan.timezone ?? '') !== wanted.timezone) changes.timezone = wanted.timezone;
  if (plan.enabled === false) changes.enabled = true;
  if (destinationKey(plan.scheduled_plan_destination ?? []) !== destinationKey(wanted.scheduled_plan_destination)) {
    changes.scheduled_plan_destination = wanted.scheduled_plan_destination;
  }
  return changes;
}

function destinationKey(destinations: Array<Pick<IScheduledPlanDestination, 'type' | 'address' | 'format'>>): string {
  return destinations
    .map((d) => `${d.type ?? ''}|${(d.address ?? '').toLowerCase()}|${d.format ?? ''}`)
    .sort()
    .join(',');
}
