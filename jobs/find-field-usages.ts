// findFieldUsages: which dashboards, Looks, alerts and schedules use a field, e.g. before
// renaming it in LookML.
import { z } from 'zod';
import { findFieldUsagesContract } from '../contracts/find-field-usages';
import { defineJob } from './job-type';

export const FindFieldUsagesInput = z
  .object({
    field: z.string({ error: 'field is required' }).trim().regex(/^\w+\.\w+$/, 'field must look like view_name.field_name'),
    /** Only queries on this model. */
    model: z.string().trim().min(1).optional(),
  })
  .strict();
export type FindFieldUsagesInput = z.infer<typeof FindFieldUsagesInput>;

export const findFieldUsagesJob = defineJob({
  contract: findFieldUsagesContract,
  purpose: 'Dashboards, Looks, alerts and schedules using a field.',
  writes: false,
  tags: ['content', 'governance'],
  input: FindFieldUsagesInput,
  summary: (input) => `Find usages of ${input.field}${input.model ? ` in ${input.model}` : ''}`,
  target: (input) => input.field,
});
