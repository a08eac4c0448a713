// pruneJobFiles' contract: input (schema in jobs/prune-job-files.ts), result, queries, search
// attributes.
import type { z } from 'zod';
import type { PruneJobFilesInput as PruneJobFilesInputSchema } from '../jobs/prune-job-files';
import { jobContract } from './job';

export type PruneJobFilesInput = z.infer<typeof PruneJobFilesInputSchema>;

export interface PruneJobFilesResult {
  /** Files last written before this time were old enough (ISO). */
  before: string;
  dryRun: boolean;
  /** Job folders removed (or, in a dry run, that would be). */
  removedJobs: number;
  removedFiles: number;
  removedBytes: number;
  /** The first removed job ids (at most 25). */
  removed: string[];
  /** Old enough, but the job is still open: kept. */
  keptOpen: number;
  /** Written to within the retention period: kept. */
  keptRecent: number;
  /** Folders left for the next run (maxJobs reached). */
  left: number;
  /** The uploads (uploads/<id>/); absent from runs made before uploads were pruned. */
  uploads?: PrunedUploads;
}

/** What the retention did with the uploads: one folder per upload. */
export interface PrunedUploads {
  /** Upload folders removed (or, in a dry run, that would be): older than `before`, named by no open job. */
  removed: number;
  removedFiles: number;
  removedBytes: number;
  /** The first removed folders (at most 25), e.g. uploads/<id>. */
  removedPaths: string[];
  /** Old enough, but an open job names it (or a file in it) in its input: kept. */
  keptNamed: number;
  /** Written to within the retention period (or still being written): kept. */
  keptRecent: number;
  /** Folders left for the next run (maxJobs reached). */
  left: number;
}

export const pruneJobFilesContract = jobContract('pruneJobFiles');
