// What the engine knows about each kind of job. The zod `input` schema is the single source of
// truth for a job's input: the workflow's TypeScript type is z.infer of it, the MCP server's
// JSON Schema is generated from it, and the job service validates with it before starting.
import type { z } from 'zod';

export interface JobType<Schema extends z.ZodType = z.ZodType> {
  /** Job type name = the workflow function's name, e.g. `onboardUser`. */
  type: string;
  /** One line: when to use this job. */
  purpose: string;
  /** Whether the job changes anything in Looker (read-only access policies hide these). */
  writes: boolean;
  /** For access policies and discovery, e.g. ['users'], ['governance']. */
  tags: string[];
  input: Schema;
  /** Temporal UI summary, e.g. "Onboard jdoe@company.com". */
  summary(input: z.infer<Schema>): string;
  /** The LookerTarget search attribute: what the job works on. */
  target(input: z.infer<Schema>): string;
  /** True for jobs that wait for `approve_job` / `reject_job`. */
  approval?: boolean;
}

/** Declares a job type with its input type inferred from the schema. */
export function defineJob<Schema extends z.ZodType>(job: JobType<Schema>): JobType<Schema> {
  return job;
}
