// Every job type lookerflow offers, in the order list_job_types shows them.
// Each job's module in jobs/ defines its input schema; its contract is in contracts/, its
// workflow in workflows/.
import type { JobType } from './job-type';
import { auditContentAccessJob } from './audit-content-access';
import { queryToDashboardJob } from './query-to-dashboard';
import { renderDashboardJob } from './render-dashboard';
import { setupKpiMonitoringJob } from './setup-kpi-monitoring';
import { archiveStaleContentJob } from './archive-stale-content';
import { rescueOrphanedSchedulesJob } from './rescue-orphaned-schedules';
import { restoreArchivedContentJob } from './restore-archived-content';
import { bulkOnboardJob } from './bulk-onboard';
import { offboardUserJob } from './offboard-user';
import { onboardUserJob } from './onboard-user';
import { runScriptJob } from './run-script';
import { saveScriptJob } from './save-script';
import { pruneJobFilesJob } from './prune-job-files';
import { runLookJob } from './run-look';
import { findFieldUsagesJob } from './find-field-usages';

export const JOB_TYPES: JobType[] = [
  // one line per job: import it above and list it here
  onboardUserJob,
  bulkOnboardJob,
  offboardUserJob,
  archiveStaleContentJob,
  restoreArchivedContentJob,
  rescueOrphanedSchedulesJob,
  setupKpiMonitoringJob,
  queryToDashboardJob,
  renderDashboardJob,
  auditContentAccessJob,
  runLookJob,
  findFieldUsagesJob,
  runScriptJob,
  saveScriptJob,
  pruneJobFilesJob,
];

export function findJobType(type: string): JobType | undefined {
  return JOB_TYPES.find((job) => job.type === type);
}
