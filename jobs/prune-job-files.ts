// pruneJobFiles: the retention of the file store. Removes what jobs wrote (renders, reports,
// change lists) once it is older than a number of days and the job is closed, and uploads once
// older than that and named in no open job's input. Operators run it,
// usually on a schedule (`lookerflow schedules create pruneJobFiles ...`); MCP never shows it.
import { z } from 'zod';
import { pruneJobFilesContract } from '../contracts/prune-job-files';
import { defineJob } from './job-type';

export const PruneJobFilesInput = z
  .object({
    /** A job's (or an upload's) folder goes once its newest file is older than this. */
    olderThanDays: z.number({ error: 'olderThanDays must be a number of days such as 30' }).int().min(1, 'olderThanDays must be at least 1').max(3650, 'olderThanDays must be at most 3650').default(30),
    /** Count what would go without removing it. */
    dryRun: z.boolean({ error: 'dryRun must be true or false' }).default(false),
    /** Folders looked at per run, of jobs and of uploads each, so one run stays short; the next run goes on. */
    maxJobs: z.number().int().min(1).max(100_000).default(5_000),
  })
  .strict();
export type PruneJobFilesInput = z.infer<typeof PruneJobFilesInput>;

export const pruneJobFilesJob = defineJob({
  contract: pruneJobFilesContract,
  purpose: 'Remove the files closed jobs wrote (renders, reports, change lists) and uploads no open job names, once older than a number of days.',
  writes: false,
  operatorOnly: true,
  tags: ['maintenance'],
  input: PruneJobFilesInput,
  summary: (input) => `${input.dryRun ? 'Count' : 'Remove'} job files and uploads older than ${input.olderThanDays} days`,
  target: (input) => `files older than ${input.olderThanDays} days`,
});
