// Resolves a job's dashboard reference to exactly one dashboard, or fails the job with what
// the caller needs to fix it: no match, or every candidate (id, title, folder) for a retry by id.
import { ApplicationFailure } from '@temporalio/workflow';
import type { DashboardSummary } from '../../activities/content';
import type { DashboardRef } from '../../contracts/dashboard-ref';
import { lookerActivities } from './looker';

export async function findOneDashboard(ref: DashboardRef): Promise<DashboardSummary> {
  const found = await lookerActivities('read').findDashboards(ref);
  if (found.length === 1) return found[0];
  if (found.length === 0) {
    const what = 'id' in ref ? `id ${ref.id}` : `the title "${ref.title}"`;
    throw ApplicationFailure.nonRetryable(`No dashboard with ${what}`, 'DashboardNotFound');
  }
  const candidates = found.map((d) => `${d.id} "${d.title}" (folder ${d.folderName ?? d.folderId ?? '?'})`).join('; ');
  throw ApplicationFailure.create({
    type: 'AmbiguousDashboard',
    nonRetryable: true,
    message: `${found.length} dashboards are titled "${'title' in ref ? ref.title : ''}"; pass dashboard.id instead. Candidates: ${candidates}`,
    details: [found.map((d) => ({ id: d.id, title: d.title, folderId: d.folderId, folderName: d.folderName }))],
  });
}
