// What the engine knows about each kind of job. The zod `input` schema is the single source of
// truth for a job's input: the contract's TypeScript type (contracts/<job>.ts) is z.infer of it,
// the MCP server's JSON Schema is generated from it, and the job service validates with it
// before starting.
import type { z } from 'zod';
import { asksForApproval } from '../contracts/approval';
import type { NameRef } from '../contracts/check-names';
import type { JobContract } from '../contracts/job';

export interface JobType<Schema extends z.ZodType = z.ZodType> {
  /** Job type name = the workflow function's name, e.g. `onboardUser` (the contract's type). */
  type: string;
  /** What the workflow answers and carries (contracts/<job>.ts). */
  contract: JobContract;
  /** One line: when to use this job. */
  purpose: string;
  /** Whether the job changes anything in Looker (read-only access policies hide these). */
  writes: boolean;
  /** Run by operators (CLI, schedules) only: MCP neither lists nor starts it. */
  operatorOnly?: boolean;
  /** For access policies and discovery, e.g. ['users'], ['governance']. */
  tags: string[];
  input: Schema;
  /** Temporal UI summary, e.g. "Onboard jdoe@company.com". */
  summary(input: z.infer<Schema>): string;
  /** The LookerTarget search attribute: what the job works on. */
  target(input: z.infer<Schema>): string;
  /**
   * Inputs that may come as a file in the file store instead, by reference field → inline field
   * (bulkOnboard: `{ csvFile: 'csv' }`). The job service reads the file in to validate it; the
   * job starts with the reference, so the list never passes through its history whole.
   */
  inputFiles?: Record<string, string>;
  /** Input lists whose problems are reported by row (`row 3: email: …`), e.g. ['users', 'csv']. */
  inputRowLists?: string[];
  /**
   * The names the (parsed) input gives, by the field that gives them, e.g.
   * `{ field: 'roles.0', kind: 'role', name: 'Viewer' }`: the job service checks they exist
   * before it starts the job (jobs/name-checks.ts).
   */
  names?(input: z.infer<Schema>): NamedField[];
  /**
   * Renames fields an older input used to today's names (queryToDashboard's `query.view` is now
   * `query.explore`), so old inputs and schedules still start; applied before validation.
   */
  upgradeInput?(input: unknown): unknown;
  /** True for jobs that wait for `approve_job` / `reject_job` (their contract has the `decide` update). */
  approval: boolean;
  /**
   * Set when the job runs another workflow type with its (parsed) input turned into that
   * workflow's: a saved script (`script:<name>`) runs runScript with its script.
   */
  workflow?: { type: string; input(input: unknown): unknown };
}

/** Declares a job type with its input type inferred from the schema; type and approval come from its contract. */
export function defineJob<Schema extends z.ZodType>(job: Omit<JobType<Schema>, 'type' | 'approval'>): JobType<Schema> {
  return { ...job, type: job.contract.type, approval: asksForApproval(job.contract) };
}

/** A name an input gives and the field that gives it (`roles.0`, `row 3: groups`). */
export interface NamedField extends NameRef {
  field: string;
}
