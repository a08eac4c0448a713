// offboardUser: someone leaves; their account is disabled and whatever they scheduled or
// alerted on keeps running under a colleague.
import { z } from 'zod';
import { offboardUserContract } from '../contracts/offboard-user';
import { defineJob } from './job-type';

const email = z.email({ error: 'email must be a valid email address' }).max(255);

export const OffboardUserInput = z
  .object({
    email,
    /** Who takes over the leaver's scheduled plans and alerts. */
    transferTo: z.union([z.object({ email }).strict(), z.object({ id: z.string().regex(/^\d+$/, 'id must be a numeric user id') }).strict()], {
      error: 'transferTo must be { email } or { id } of the user taking over',
    }),
  })
  .strict();
export type OffboardUserInput = z.infer<typeof OffboardUserInput>;

export const offboardUserJob = defineJob({
  contract: offboardUserContract,
  purpose: "Disable a leaver's account; their schedules and alerts go to another user.",
  writes: true,
  tags: ['users'],
  input: OffboardUserInput,
  summary: (input) => `Offboard ${input.email}`,
  target: (input) => input.email,
});
