// What a job waiting for approval shows: besides its summary, the first items the decision acts
// on (read from the list file the job wrote to the file store) and where the rest are, so an
// agent or operator approves a list they saw. Deciding then names the count (see decide).
import type { ApprovalState } from '../contracts/approval';
import type { JobReport } from './job-report';
import type { StoredFiles } from './stored-files';

/** Items shown while waiting; the list's files hold all of them. */
export const APPROVAL_PAGE_ITEMS = 25;

export type ShownApproval = ApprovalState & { items?: unknown[]; more?: string };

/** The report with `approval.items` (and `approval.more`) filled in when it waits on a list. */
export async function withApprovalPage(report: JobReport, files: StoredFiles): Promise<JobReport> {
  const approval = report.approval;
  if (approval?.status !== 'waiting' || !approval.list) return report;
  const { list } = approval;
  let items: unknown[] = [];
  try {
    const page = JSON.parse((await files.read(list.firstPagePath, { maxBytes: 1024 * 1024 })).data.toString('utf8'));
    items = Array.isArray(page) ? page.slice(0, APPROVAL_PAGE_ITEMS) : [];
  } catch (error) {
    // The summary and the files still say what waits; a missing page must not hide the job.
    const shown: ShownApproval = { ...approval, more: `the first items could not be read (${(error as Error).message}); the full list is in ${list.files.csvPath}` };
    return { ...report, approval: shown };
  }
  const shown: ShownApproval = {
    ...approval,
    items,
    ...(list.count > items.length
      ? { more: `${items.length} of ${list.count} shown; all ${list.count} are in ${list.files.csvPath} and ${list.files.markdownPath}` }
      : {}),
  };
  return { ...report, approval: shown };
}
