// runScheduledPlanOnce: deliver an existing schedule now (Looker throttles this endpoint, ~10/s).
import type { LookerClient } from './looker-client';

export interface RunScheduledPlanOnceInput {
  scheduledPlanId: string;
}

export interface RunScheduledPlanOnceResult {
  /** The id of the one-off copy Looker runs. */
  runId: string | null;
  name: string | null;
}

export function createScheduledPlanActivities({ looker }: { looker: LookerClient }) {
  return {
    async runScheduledPlanOnce(input: RunScheduledPlanOnceInput): Promise<RunScheduledPlanOnceResult> {
      const plan = await looker.call('scheduled_plan_run_once_by_id', (sdk) => sdk.scheduled_plan_run_once_by_id(input.scheduledPlanId));
      return { runId: plan.id ?? null, name: plan.name ?? null };
    },
  };
}
