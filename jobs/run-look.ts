// runLook: a saved Look's rows, with the query definition they answer.
import { z } from 'zod';
import { runLookContract } from '../contracts/run-look';
import { defineJob } from './job-type';

export const RunLookInput = z
  .object({ lookId: z.string({ error: 'lookId is required' }).trim().regex(/^\d+$/, 'lookId must be a numeric Look id such as "1" (search_content finds it)') })
  .strict();
export type RunLookInput = z.infer<typeof RunLookInput>;

export const runLookJob = defineJob({
  contract: runLookContract,
  purpose: "A saved Look's rows and its query.",
  writes: false,
  tags: ['content', 'queries'],
  input: RunLookInput,
  names: (input) => [{ field: 'lookId', kind: 'lookId', name: input.lookId }],
  summary: (input) => `Run Look ${input.lookId}`,
  target: (input) => `look ${input.lookId}`,
});
