// The contract of runScript: input (schema in jobs/run-script.ts), result, limits, and the
// approval it asks for before a script's writes.
import type { z } from 'zod';
import type * as schemas from '../jobs/run-script';
import { withApproval } from './approval';
import { jobContract } from './job';

export type RunScriptInput = z.infer<typeof schemas.RunScriptInput>;

/** Defaults and ceilings of a script's budgets. */
export const SCRIPT_LIMITS = {
  // The job service refuses inputs over 64 KB anyway.
  maxScriptBytes: 60_000,
  maxInputBytes: 256 * 1024,
  /**
   * Interpreter steps (deterministic: counted by the interpreter, not timed). A step in the
   * script's async body costs about 2 ms inside a workflow (every promise records a stack
   * trace), one in a plain function far less: heavy data work belongs in plain functions.
   */
  maxSteps: { default: 100_000, max: 5_000_000 },
  /** Looker calls per run: each is an activity in the workflow's history (Temporal keeps a run under 50k events). */
  maxCalls: { default: 1_000, max: 5_000 },
  /** A larger return value goes to the file store. */
  maxResultBytes: { default: 64 * 1024, max: 1024 * 1024 },
  /** Longest string the script may build with repeat/padStart/padEnd (the memory budget). */
  maxStringLength: 10_000_000,
  /** Lines of log() kept in the result. */
  maxLogLines: 200,
} as const;

/** A write the script made or planned. */
export interface ScriptWrite {
  operation: string;
  /** Its parameters (long values shortened). */
  params: Record<string, unknown>;
  /** The id Looker gave or answered with, if any. */
  id?: string;
}

export interface RunScriptResult {
  /** 'dry-run': writes were only planned (see plan). */
  mode: 'run' | 'dry-run';
  /** The script's return value, when small enough. */
  value?: unknown;
  /** Where the return value is (JSON), when larger than limits.maxResultBytes. */
  valueRef?: { path: string; bytes: number };
  writes: ScriptWrite[];
  /** The writes a dry run planned (also the plan that was approved). */
  plan?: ScriptWrite[];
  approval?: { status: string; reason?: string; by?: string };
  calls: number;
  lookerMs: number;
  steps: number;
  logs: string[];
}

export const runScriptContract = withApproval(jobContract('runScript'));
