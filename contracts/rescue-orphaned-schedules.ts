// rescueOrphanedSchedules' contract: input (schema in jobs/rescue-orphaned-schedules.ts), result,
// queries, search attributes.
import type { z } from 'zod';
import type { OrphanedScheduledPlan } from '../activities/orphaned-schedules';
import type { RescueOrphanedSchedulesInput as RescueOrphanedSchedulesInputSchema } from '../jobs/rescue-orphaned-schedules';
import { jobContract } from './job';

export type RescueOrphanedSchedulesInput = z.infer<typeof RescueOrphanedSchedulesInputSchema>;

export interface RescueOrphanedSchedulesResult {
  dryRun: boolean;
  newOwner: { id: string; name: string };
  scanned: number;
  orphaned: OrphanedScheduledPlan[];
  /** Ids of the orphaned plans the new owner now has (none on a dry run). */
  reassigned: string[];
  markdown: string;
}

export const rescueOrphanedSchedulesContract = jobContract('rescueOrphanedSchedules');
