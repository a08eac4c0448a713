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
  /** The first RESULT_LIST_SAMPLE orphaned plans (reportPath lists all). */
  orphaned: OrphanedScheduledPlan[];
  /** Ids of the orphaned plans the new owner now has (none on a dry run): the first RESULT_LIST_SAMPLE. */
  reassigned: string[];
  /** Totals (runs from before the report file: the lists' lengths). */
  orphanedCount?: number;
  reassignedCount?: number;
  /** Markdown report, cut to the plans in `orphaned`. */
  markdown: string;
  /** The whole report in the file store. */
  reportPath?: string;
}

export const rescueOrphanedSchedulesContract = jobContract('rescueOrphanedSchedules');
