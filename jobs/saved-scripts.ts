// Saved scripts as job types: `script:<name>` is the latest version of `scripts/<name>/` in the
// file store. Starting one checks the input against the saved schema and starts runScript with
// that version's text, so a later save changes no job already started, nor any schedule made
// before it (a schedule's action holds the script it was created with).
import { runScriptContract } from '../contracts/run-script';
import { SAVED_SCRIPT_PREFIX, type SavedScript, type SavedScriptSummary } from '../contracts/save-script';
import { JobRequestError } from './job-errors';
import type { JobType } from './job-type';
import type { RunScriptInput } from './run-script';
import { zodOfInputSchema } from './script-input-schema';
import type { StoredFiles } from './stored-files';

export const isSavedScriptType = (type: string) => type.startsWith(SAVED_SCRIPT_PREFIX);

/** The job type a run (or a schedule) of `workflowType` is listed as: `script:<name>` for a saved script's runScript (its target names it). */
export function listedJobType(workflowType: string, target: string | undefined): string {
  return workflowType === runScriptContract.type && target && isSavedScriptType(target) ? target : workflowType;
}

/** The job type of one saved version; only a whole version (with its script) can be started. */
export function savedScriptJob(saved: SavedScript | SavedScriptSummary): JobType {
  const runInput = (input: unknown): RunScriptInput => {
    if (!('script' in saved)) throw new Error(`script:${saved.name} was listed without its text; start it through the job service`);
    return {
      script: saved.script,
      input,
      dryRun: false,
      // Its writes were approved when it was saved; a script saved as reading may not write at all.
      requireApproval: false,
      allowWrites: saved.writes,
      approvalTimeout: '24h',
      saved: { name: saved.name, version: saved.version },
      limits: {},
    };
  };
  return {
    type: `${SAVED_SCRIPT_PREFIX}${saved.name}`,
    contract: runScriptContract,
    purpose: saved.description || `Saved script ${saved.name}.`,
    writes: saved.writes,
    tags: ['scripts'],
    input: zodOfInputSchema(saved.inputSchema),
    summary: () => `Run saved script ${saved.name} v${saved.version}`,
    target: () => `${SAVED_SCRIPT_PREFIX}${saved.name}`,
    approval: false,
    workflow: { type: runScriptContract.type, input: runInput },
  };
}

export function createSavedScripts(files: StoredFiles) {
  /** The job types of the latest versions, by name (for listing); `timeout`: how long a listing may wait for a worker. */
  async function savedJobTypes({ timeout }: { timeout?: string } = {}): Promise<JobType[]> {
    const saved = await files.savedScripts(undefined, { timeout });
    return saved.sort((a, b) => a.name.localeCompare(b.name)).map(savedScriptJob);
  }

  /** `script:<name>` at its latest version, or a JobRequestError naming what is saved. */
  async function savedJobType(type: string): Promise<JobType> {
    const [saved] = await files.savedScripts(type.slice(SAVED_SCRIPT_PREFIX.length));
    if (!saved) {
      const names = (await files.savedScripts()).map((s) => `${SAVED_SCRIPT_PREFIX}${s.name}`);
      throw new JobRequestError(`No saved script \`${type}\`. Saved: ${names.join(', ') || '(none; save_script saves one)'}`);
    }
    return savedScriptJob(saved);
  }

  return { savedJobTypes, savedJobType };
}
