// bulkOnboard's contract: input (schema in jobs/bulk-onboard.ts), result, queries, search attributes.
import type { z } from 'zod';
import type { BulkOnboardInput as BulkOnboardInputSchema } from '../jobs/bulk-onboard';
import { jobContract } from './job';
import type { OnboardUserInput } from './onboard-user';

export type BulkOnboardInput = z.infer<typeof BulkOnboardInputSchema>;

export interface BulkOnboardResult {
  total: number;
  /** Emails of users this job created; with `counts`, the first RESULT_LIST_SAMPLE of them (contracts/bounded-results.ts). */
  created: string[];
  /** Emails of users that existed already (brought up to date); with `counts`, a sample as above. */
  alreadyPresent: string[];
  /** With `counts`, the first BULK_ONBOARD_FAILED_SAMPLE. */
  failed: Array<{ email: string; reason: string }>;
  /** How many users of each kind (the lists above are then samples). */
  counts?: { created: number; alreadyPresent: number; failed: number };
  /** File store path of the full list: a CSV of row, email, outcome, reason. */
  reportPath?: string;
}

/** Failures a result lists (with their reasons); the report file lists every user. */
export const BULK_ONBOARD_FAILED_SAMPLE = 100;

/** bulkOnboardBatch's input: the job's input as given and how many rows earlier runs took. */
export interface BulkOnboardBatchInput {
  input: unknown;
  rowsDone: number;
}

/** This run's rows, checked, or every problem of the input. */
export type BulkOnboardBatch =
  | {
      ok: true;
      total: number;
      concurrency: number;
      usersPerRun: number;
      rows: OnboardUserInput[];
      /** Every role, group and user attribute name the rows use. */
      names: { roles: string[]; groups: string[]; userAttributes: string[] };
    }
  | { ok: false; problems: string[] };

export const bulkOnboardContract = jobContract('bulkOnboard');
