// findFieldUsages' contract: input (schema in jobs/find-field-usages.ts), result, queries,
// search attributes.
import type { z } from 'zod';
import type { FieldUsage } from '../activities/field-usages';
import type { FindFieldUsagesInput as FindFieldUsagesInputSchema } from '../jobs/find-field-usages';
import { jobContract } from './job';

export type FindFieldUsagesInput = z.infer<typeof FindFieldUsagesInputSchema>;

export interface FindFieldUsagesResult {
  field: string;
  /** Dashboards with a tile whose query (or Look) uses the field, Looks whose query does, alerts on it, and schedules delivering any of those. */
  dashboards: FieldUsage[];
  looks: FieldUsage[];
  alerts: FieldUsage[];
  schedules: FieldUsage[];
  /** Past this many of a kind the list is cut (the counts stay whole). */
  counts: { dashboards: number; looks: number; alerts: number; schedules: number };
}

export const findFieldUsagesContract = jobContract('findFieldUsages');
