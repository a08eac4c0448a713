// queryToDashboard's contract: input (schema in jobs/query-to-dashboard.ts), result, queries,
// search attributes.
import type { z } from 'zod';
import type { EnsureOutcome } from '../activities/ensure-result';
import type { QueryToDashboardInput as QueryToDashboardInputSchema } from '../jobs/query-to-dashboard';
import { jobContract } from './job';

export type QueryToDashboardInput = z.infer<typeof QueryToDashboardInputSchema>;
/** `keepRowsWhere`: the rows to keep, e.g. total_revenue > 100000. */
export type RowCondition = NonNullable<QueryToDashboardInput['keepRowsWhere']>;

export type QueryToDashboardResult =
  | {
      /** The matching rows; past 100, the first 100, with rowCount and rowsPath (a JSON array of all). */
      rows: Record<string, unknown>[];
      rowCount?: number;
      rowsPath?: string;
      dashboardId: string;
      elementId: string;
      /** The tile was created, updated to show this query, or already showed it. */
      elementOutcome: EnsureOutcome;
      dashboardUrl: string;
    }
  | { rows: []; message: string };

export const queryToDashboardContract = jobContract('queryToDashboard');
