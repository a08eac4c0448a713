// archiveStaleContent's contract: input (schema in jobs/archive-stale-content.ts), result, and
// the approval it waits for on top of every job's queries and search attributes.
import type { z } from 'zod';
import type { ArchiveReportFiles, ContentTitle, SkippedItem } from '../activities/archive-records';
import type { ArchiveStaleContentInput as ArchiveStaleContentInputSchema } from '../jobs/archive-stale-content';
import { withApproval } from './approval';
import { jobContract } from './job';

export type ArchiveStaleContentInput = z.infer<typeof ArchiveStaleContentInputSchema>;

/** How many archived and skipped items a result names (also restoreArchivedContent's); the manifest lists them all. */
export const RESULT_SAMPLE = 25;

/** The first archived and skipped items, for people reading the result. */
export interface ArchiveSample {
  archived: ContentTitle[];
  skipped: SkippedItem[];
}

export interface ArchiveStaleContentResult {
  jobId: string;
  /** reported: dry run; archived: approved (or no approval needed) and done. */
  outcome: 'reported' | 'archived' | 'rejected' | 'timed-out' | 'nothing-stale';
  action: ArchiveStaleContentInput['action'];
  /** Content last used before this time counted as stale. */
  staleBefore: string;
  scanned: number;
  candidates: number;
  report: ArchiveReportFiles;
  archived: number;
  skipped: number;
  /** Up to RESULT_SAMPLE of each, in report order; the manifest's parts hold every one. */
  sample: ArchiveSample;
  archiveFolderId: string | null;
  /** Who decided and why, when approval was asked for. */
  decision?: { reason?: string; by?: string };
  /** The manifest restoreArchivedContent reads; set once archiving started. */
  manifestPath?: string;
}

export const archiveStaleContentContract = withApproval(jobContract('archiveStaleContent'));

/**
 * The first file of an archive job's numbered candidate list (activities/archive-files.ts writes
 * it, names made safe the same way), shown while the job waits for approval.
 */
export function firstCandidatesPath(jobId: string): string {
  return `jobs/${jobId.replace(/[^A-Za-z0-9._-]/g, '_')}/archiveStaleContent/candidates/0.json`;
}
