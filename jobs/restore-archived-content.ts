// restoreArchivedContent: undo exactly what one archiveStaleContent run changed.
import { z } from 'zod';
import { restoreArchivedContentContract } from '../contracts/restore-archived-content';
import { defineJob } from './job-type';

export const RestoreArchivedContentInput = z
  .object({
    /** The workflow id of the archiveStaleContent run to undo. */
    jobId: z.string({ error: 'jobId is required' }).min(1, 'jobId must not be empty').max(1000),
    /** Items restored per run before the job continues as new, keeping each run's history short. */
    itemsPerRun: z.number().int().min(1, 'itemsPerRun must be at least 1').max(10_000).optional().meta({ tuning: true }),
  })
  .strict();
export type RestoreArchivedContentInput = z.infer<typeof RestoreArchivedContentInput>;

export const restoreArchivedContentJob = defineJob({
  contract: restoreArchivedContentContract,
  purpose: 'Undo one archiveStaleContent run.',
  writes: true,
  tags: ['governance', 'content'],
  input: RestoreArchivedContentInput,
  summary: (input) => `Restore content archived by ${input.jobId}`,
  target: (input) => input.jobId,
});
