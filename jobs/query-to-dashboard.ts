// queryToDashboard: run a query, keep the rows that match a condition, and if any remain put
// them on a dashboard tile ("revenue by category; if any is over 100k, make a dashboard").
import { z } from 'zod';
import { queryToDashboardContract } from '../contracts/query-to-dashboard';
import { defineJob } from './job-type';

const fieldName = (what: string) =>
  z.string({ error: `${what} must be a string` }).trim().regex(/^\w+\.\w+$/, `${what} must look like view_name.field_name`);

export const ROW_OPERATORS = ['>', '>=', '<', '<=', '=', '!='] as const;

export const QueryToDashboardInput = z
  .object({
    query: z
      .object({
        model: z.string({ error: 'query.model is required' }).trim().min(1, 'query.model must not be empty'),
        explore: z.string({ error: 'query.explore is required' }).trim().min(1, 'query.explore must not be empty'),
        fields: z.array(fieldName('each of query.fields'), { error: 'query.fields must be a list of field names' }).min(1, 'query.fields must name at least one field'),
        /** Looker filter expressions by field, e.g. { "order_items.created_date": "90 days" }. */
        filters: z.record(fieldName('each query.filters key'), z.string()).default({}),
        sorts: z.array(z.string().trim().min(1)).default([]),
        limit: z.number().int().min(1).max(5000, 'query.limit must be at most 5000').default(500),
      })
      .strict(),
    /** Keep only the rows where this holds; without it every row is kept. */
    keepRowsWhere: z
      .object({
        field: fieldName('keepRowsWhere.field'),
        op: z.enum(ROW_OPERATORS, { error: `keepRowsWhere.op must be one of ${ROW_OPERATORS.join(' ')}` }),
        value: z.union([z.number(), z.string()], { error: 'keepRowsWhere.value must be a number or a string' }),
      })
      .strict()
      .optional(),
    dashboard: z
      .object({
        title: z.string({ error: 'dashboard.title is required' }).trim().min(1, 'dashboard.title must not be empty').max(255),
        /** Defaults to the Shared folder ("1"). */
        folderId: z.string().trim().regex(/^\d+$/, 'dashboard.folderId must be a numeric folder id').default('1'),
      })
      .strict(),
    element: z
      .object({
        title: z.string().trim().min(1).max(255).optional(),
        /** Visualization type, e.g. looker_bar, looker_column, looker_pie, table. */
        type: z.string().trim().regex(/^[a-z_]+$/, 'element.type must be a visualization type such as looker_bar').default('looker_bar'),
      })
      .strict()
      .default({ type: 'looker_bar' }),
  })
  .strict()
  .refine((input) => !input.keepRowsWhere || input.query.fields.includes(input.keepRowsWhere.field), {
    message: 'keepRowsWhere.field must be one of query.fields',
    path: ['keepRowsWhere', 'field'],
  });
export type QueryToDashboardInput = z.infer<typeof QueryToDashboardInput>;

export const queryToDashboardJob = defineJob({
  contract: queryToDashboardContract,
  purpose: 'Run a query; if rows match a condition, put them on a dashboard tile.',
  writes: true,
  tags: ['content', 'queries'],
  input: QueryToDashboardInput,
  upgradeInput: exploreForView,
  names: (input) => [
    { field: 'query.explore', kind: 'explore', name: `${input.query.model}::${input.query.explore}` },
    { field: 'dashboard.folderId', kind: 'folderId', name: input.dashboard.folderId },
  ],
  summary: (input) =>
    `Query ${input.query.model}::${input.query.explore}${input.keepRowsWhere ? ` where ${input.keepRowsWhere.field} ${input.keepRowsWhere.op} ${input.keepRowsWhere.value}` : ''} → "${input.dashboard.title}"`,
  target: (input) => input.dashboard.title,
});

/** `query.view`, the explore's name in Looker's query body, was this input's name for `query.explore`. */
function exploreForView(input: unknown): unknown {
  const query = (input as { query?: Record<string, unknown> } | undefined)?.query;
  if (!query || typeof query !== 'object' || !('view' in query) || 'explore' in query) return input;
  const { view, ...rest } = query;
  return { ...(input as object), query: { ...rest, explore: view } };
}
