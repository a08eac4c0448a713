// renderDashboard: the existing renderToFile activity; the file stays in the file store and
// only its path goes into history.
import { workflowInfo } from '@temporalio/workflow';
import type { RenderDashboardInput, RenderDashboardResult } from '../contracts/render-dashboard';
import { findOneDashboard } from './support/find-dashboard';
import { lookerActivities } from './support/looker';
import { Progress } from './support/progress';

export async function renderDashboard(input: RenderDashboardInput): Promise<RenderDashboardResult> {
  const progress = new Progress();
  progress.step('finding dashboard', { total: 2 });
  // A missing dashboard fails here with a plain message, before Looker starts a render task.
  const dashboard = await findOneDashboard({ id: input.dashboardId });
  progress.step('rendering', { total: 2, done: 1, message: `"${dashboard.title}" as ${input.format}, ${input.width}x${input.height}` });
  const file = await lookerActivities('render').renderToFile({
    jobId: workflowInfo().workflowId,
    target: { type: 'dashboard', id: input.dashboardId },
    format: input.format,
    width: input.width,
    height: input.height,
    dashboardFilters: dashboardFilterString(input.filters),
  });
  progress.step('done', { total: 2, done: 2, message: file.path });
  return { path: file.path, bytes: file.bytes, contentType: file.contentType };
}

/** Looker wants dashboard filters as one URL query string: "Date=30%20days&Region=EMEA". */
function dashboardFilterString(filters: Record<string, string>): string | undefined {
  const pairs = Object.entries(filters).map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`);
  return pairs.length ? pairs.join('&') : undefined;
}
