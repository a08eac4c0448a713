// saveScript: a script saved under a name, versioned, becomes the job type `script:<name>`
// (jobs/saved-scripts.ts). Started by save_script and `lookerflow script save`.
import { z } from 'zod';
import { saveScriptContract } from '../contracts/save-script';
import { durationText } from './archive-stale-content';
import { defineJob } from './job-type';
import { scriptText } from './run-script';
import { ScriptInputSchema, zodOfInputSchema } from './script-input-schema';
import { describeInputIssues } from './job-errors';

export const scriptName = z
  .string({ error: 'name is the saved script’s name' })
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, 'name must be 1-64 letters, digits, - or _ (starting with a letter or digit)');

export const SaveScriptInput = z
  .object({
    name: scriptName,
    description: z.string().max(500, 'description is at most 500 characters').default(''),
    script: scriptText,
    inputSchema: ScriptInputSchema.default({ type: 'object', properties: {} }),
    /** Run as a dry run first; its plan is what a person approves when the script writes. */
    exampleInput: z.unknown().optional(),
    savedBy: z.string().min(1).default('lookerflow'),
    approvalTimeout: durationText.default('24h'),
  })
  .strict()
  .superRefine((input, ctx) => {
    if (input.exampleInput === undefined) return;
    const checked = zodOfInputSchema(input.inputSchema).safeParse(input.exampleInput);
    if (!checked.success) for (const problem of describeInputIssues(checked.error)) ctx.addIssue({ code: 'custom', path: ['exampleInput'], message: `does not fit inputSchema: ${problem}` });
  });
export type SaveScriptInput = z.infer<typeof SaveScriptInput>;

export const saveScriptJob = defineJob({
  contract: saveScriptContract,
  purpose: 'Save a script as job type script:<name> (see save_script).',
  // It writes the store, not Looker; a script that writes Looker waits for approval first.
  writes: false,
  operatorOnly: true,
  tags: ['scripts'],
  input: SaveScriptInput,
  summary: (input) => `Save script ${input.name}`,
  target: (input) => `script:${input.name}`,
});
