// renderDashboard's contract: input (schema in jobs/render-dashboard.ts), result, queries,
// search attributes.
import type { z } from 'zod';
import type { RenderDashboardInput as RenderDashboardInputSchema } from '../jobs/render-dashboard';
import { jobContract } from './job';

export type RenderDashboardInput = z.infer<typeof RenderDashboardInputSchema>;

export interface RenderDashboardResult {
  /** In the file store (LOOKERFLOW_FILES_DIR), e.g. jobs/<job id>/renderToFile/dashboard-1.pdf. */
  path: string;
  bytes: number;
  contentType: string;
}

export const renderDashboardContract = jobContract('renderDashboard');
