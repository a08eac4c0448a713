// The contract of saveScript: a script saved under a name becomes the job type `script:<name>`.
// Versions live in the file store as `scripts/<name>/v<N>.json` and are never overwritten.
import { withApproval } from './approval';
import { jobContract } from './job';
import type { ScriptWrite } from './run-script';

/** Where saved scripts live in the file store. */
export const SAVED_SCRIPTS_FOLDER = 'scripts';
/** Job types of saved scripts are `script:<name>`. */
export const SAVED_SCRIPT_PREFIX = 'script:';

/** The input schema of a saved script: a small JSON Schema subset (jobs/script-input-schema.ts). */
export type ScriptInputSchema = { type: 'object'; properties: Record<string, unknown>; required?: string[] };

/** One saved version, as `scripts/<name>/v<version>.json` holds it. */
export interface SavedScript {
  name: string;
  version: number;
  description: string;
  script: string;
  inputSchema: ScriptInputSchema;
  /** Whether it may write to Looker (its save was approved, as running it would be). */
  writes: boolean;
  savedAt: string;
  savedBy: string;
}

/** A saved script as listed: all but its text (a listing of many stays a small payload). */
export type SavedScriptSummary = Omit<SavedScript, 'script'>;

/** The latest version of every saved script (summaries), or of `name` only (whole). */
export interface ListSavedScriptsInput {
  name?: string;
}

/** At most this many names are listed (each summary is about 1 KB: far below Temporal's 2 MB payload limit). */
export const MAX_LISTED_SCRIPTS = 500;

export interface SaveScriptInput {
  name: string;
  description: string;
  script: string;
  inputSchema: ScriptInputSchema;
  /** Run as a dry run before saving: the plan a person approves for a script that writes. */
  exampleInput?: unknown;
  savedBy: string;
  approvalTimeout: string;
}

export interface SaveScriptResult {
  /** False when the save was not approved. */
  saved: boolean;
  name: string;
  version?: number;
  path?: string;
  /** False when the latest version already held this very script. */
  created?: boolean;
  writes: boolean;
  /** The writes the dry run on exampleInput planned. */
  plan?: ScriptWrite[];
  approval?: { status: string; reason?: string; by?: string };
}

export function savedScriptPath(name: string, version: number): string {
  return `${SAVED_SCRIPTS_FOLDER}/${name}/v${version}.json`;
}

/** `scripts/<name>/v<N>.json` → N, or undefined for any other path. */
export function savedScriptVersion(path: string, name?: string): { name: string; version: number } | undefined {
  const match = /^scripts\/([A-Za-z0-9_-]+)\/v([1-9][0-9]*)\.json$/.exec(path);
  if (!match || (name !== undefined && match[1] !== name)) return undefined;
  return { name: match[1], version: Number(match[2]) };
}

export const saveScriptContract = withApproval(jobContract('saveScript'));
