// rescueOrphanedSchedules: schedules whose owner is disabled or deleted get a new owner, so
// they keep being delivered under an account that still exists.
import { z } from 'zod';
import { rescueOrphanedSchedulesContract } from '../contracts/rescue-orphaned-schedules';
import { defineJob } from './job-type';

export const RescueOrphanedSchedulesInput = z
  .object({
    newOwner: z.union(
      [
        z.object({ id: z.string().regex(/^\d+$/, 'newOwner.id must be a numeric user id') }).strict(),
        z.object({ email: z.email('newOwner.email must be an email address') }).strict(),
      ],
      { error: 'newOwner is { id } or { email } of an enabled user' },
    ),
    /** Only report; change nothing. */
    dryRun: z.boolean().default(true),
  })
  .strict();
export type RescueOrphanedSchedulesInput = z.infer<typeof RescueOrphanedSchedulesInput>;

export const rescueOrphanedSchedulesJob = defineJob({
  contract: rescueOrphanedSchedulesContract,
  purpose: 'Give schedules of disabled or deleted users a new owner.',
  writes: true,
  tags: ['governance', 'schedules'],
  input: RescueOrphanedSchedulesInput,
  summary: (input) => `${input.dryRun ? 'Report' : 'Reassign'} orphaned schedules to ${'id' in input.newOwner ? `user ${input.newOwner.id}` : input.newOwner.email}`,
  target: (input) => ('id' in input.newOwner ? input.newOwner.id : input.newOwner.email),
});
