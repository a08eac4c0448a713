// How a job names a dashboard: by id, or by its exact title (ambiguous titles fail the job
// with the candidates listed, so the caller can retry with an id).
import { z } from 'zod';
import type { NamedField } from './job-type';

export const DashboardRef = z.union(
  [
    z.object({ id: z.string({ error: 'dashboard.id must be a string' }).trim().regex(/^\d+$/, 'dashboard.id must be a numeric id such as "1"') }).strict(),
    z.object({ title: z.string({ error: 'dashboard.title must be a string' }).trim().min(1, 'dashboard.title must not be empty').max(255) }).strict(),
  ],
  { error: 'dashboard must be { id } or { title }' },
);
export type DashboardRef = z.infer<typeof DashboardRef>;

/** For summaries and the LookerTarget search attribute. */
export function describeDashboardRef(ref: DashboardRef): string {
  return 'id' in ref ? `dashboard ${ref.id}` : `"${ref.title}"`;
}

/** The name check of a dashboard reference (by title or id), given by `field`. */
export function dashboardName(ref: DashboardRef, field: string): NamedField {
  return 'id' in ref ? { field: `${field}.id`, kind: 'dashboardId', name: ref.id } : { field: `${field}.title`, kind: 'dashboardTitle', name: ref.title };
}
