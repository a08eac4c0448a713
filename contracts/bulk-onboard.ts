// bulkOnboard's contract: input (schema in jobs/bulk-onboard.ts), result, queries, search attributes.
import type { z } from 'zod';
import type { BulkOnboardInput as BulkOnboardInputSchema } from '../jobs/bulk-onboard';
import { jobContract } from './job';

export type BulkOnboardInput = z.infer<typeof BulkOnboardInputSchema>;

export interface BulkOnboardResult {
  total: number;
  /** Emails of users this job created. */
  created: string[];
  /** Emails of users that existed already (brought up to date). */
  alreadyPresent: string[];
  failed: Array<{ email: string; reason: string }>;
}

export const bulkOnboardContract = jobContract('bulkOnboard');
