// renderDashboard: a dashboard rendered to a PDF or image file in the file store.
import { z } from 'zod';
import { renderDashboardContract } from '../contracts/render-dashboard';
import { defineJob } from './job-type';

export const RenderDashboardInput = z
  .object({
    dashboardId: z.string({ error: 'dashboardId is required' }).trim().regex(/^\d+$/, 'dashboardId must be a numeric dashboard id such as "1"'),
    format: z.enum(['pdf', 'png', 'jpg'], { error: 'format must be pdf, png or jpg' }).default('pdf'),
    width: z.number().int().min(100, 'width must be at least 100 pixels').max(4000, 'width must be at most 4000 pixels').default(1280),
    height: z.number().int().min(100, 'height must be at least 100 pixels').max(10000, 'height must be at most 10000 pixels').default(1024),
    /** Dashboard filter values by filter name, e.g. { "Date": "30 days" }. */
    filters: z.record(z.string().min(1), z.string()).default({}),
  })
  .strict();
export type RenderDashboardInput = z.infer<typeof RenderDashboardInput>;

export const renderDashboardJob = defineJob({
  contract: renderDashboardContract,
  purpose: 'Render a dashboard to a PDF, PNG or JPG file.',
  writes: false,
  tags: ['content', 'render'],
  input: RenderDashboardInput,
  names: (input) => [{ field: 'dashboardId', kind: 'dashboardId', name: input.dashboardId }],
  summary: (input) => `Render dashboard ${input.dashboardId} as ${input.format}`,
  target: (input) => `dashboard ${input.dashboardId}`,
});
