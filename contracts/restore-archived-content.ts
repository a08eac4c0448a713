// restoreArchivedContent's contract: input (schema in jobs/restore-archived-content.ts), result,
// queries, search attributes.
import type { z } from 'zod';
import type { ContentTitle } from '../activities/archive-records';
import type { RestoreArchivedContentInput as RestoreArchivedContentInputSchema } from '../jobs/restore-archived-content';
import { jobContract } from './job';

export type RestoreArchivedContentInput = z.infer<typeof RestoreArchivedContentInputSchema>;

export interface RestoreArchivedContentResult {
  jobId: string;
  action: 'soft_delete' | 'move';
  restored: number;
  unchanged: number;
  /** Up to RESULT_SAMPLE (contracts/archive-stale-content.ts) of each, in report order. */
  sample: {
    restored: ContentTitle[];
    unchanged: Array<ContentTitle & { reason: string }>;
  };
}

export const restoreArchivedContentContract = jobContract('restoreArchivedContent');
