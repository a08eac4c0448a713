// runScript: a JavaScript script over the whole Looker API, run as one durable workflow.
// The script is the body of an async function; its globals are `looker`, `input`, `progress`,
// `log`, `sleep`, `approve` and `parallel` (workflows/run-script.ts).
import { z } from 'zod';
import { runScriptContract } from '../contracts/run-script';
import { SCRIPT_LIMITS } from '../contracts/run-script';
import { durationText } from './archive-stale-content';
import { defineJob } from './job-type';

const limit = (what: string, max: number) =>
  z.number().int().min(1, `${what} must be at least 1`).max(max, `${what} is at most ${max}`).optional();

/** A script's text: the body of an async function. */
export const scriptText = z
  .string({ error: 'script is the body of an async function, as a string' })
  .min(1, 'script must not be empty')
  .refine((s) => new TextEncoder().encode(s).length <= SCRIPT_LIMITS.maxScriptBytes, `script is at most ${SCRIPT_LIMITS.maxScriptBytes} bytes`);

export const RunScriptInput = z
  .object({
    script: scriptText,
    /** What the script sees as `input` (JSON). */
    input: z.unknown().optional(),
    /** Reads run, writes are only planned; the result is the plan. */
    dryRun: z.boolean().default(false),
    /** Dry run, approval of the planned writes, then the real run. Default: when the script writes. */
    requireApproval: z.boolean().optional(),
    /** Writes allowed (a read-only server passes false: the first write fails the job). */
    allowWrites: z.boolean().default(true),
    approvalTimeout: durationText.default('24h'),
    /** The saved script version this run is (job type `script:<name>`); for people reading the job. */
    saved: z.object({ name: z.string(), version: z.number().int() }).strict().optional(),
    limits: z
      .object({
        maxSteps: limit('limits.maxSteps', SCRIPT_LIMITS.maxSteps.max),
        maxCalls: limit('limits.maxCalls', SCRIPT_LIMITS.maxCalls.max),
        maxResultBytes: limit('limits.maxResultBytes', SCRIPT_LIMITS.maxResultBytes.max),
      })
      .strict()
      .default({})
      .meta({ tuning: true }),
  })
  .strict()
  .refine((input) => new TextEncoder().encode(JSON.stringify(input.input ?? null)).length <= SCRIPT_LIMITS.maxInputBytes, {
    message: `input is at most ${SCRIPT_LIMITS.maxInputBytes} bytes of JSON`,
    path: ['input'],
  });
export type RunScriptInput = z.infer<typeof RunScriptInput>;

export const runScriptJob = defineJob({
  contract: runScriptContract,
  purpose: 'A script over the Looker API (see run_script).',
  writes: true,
  tags: ['scripts'],
  input: RunScriptInput,
  summary: (input) =>
    input.saved ? `Run saved script ${input.saved.name} v${input.saved.version}` : `${input.dryRun ? 'Dry-run' : 'Run'} script: ${firstLine(input.script)}`,
  target: (input) => (input.saved ? `script:${input.saved.name}` : 'script'),
});

function firstLine(script: string): string {
  const line = script.split('\n').map((l) => l.trim()).find((l) => l && !l.startsWith('//')) ?? '';
  return line.length > 80 ? `${line.slice(0, 77)}...` : line;
}
