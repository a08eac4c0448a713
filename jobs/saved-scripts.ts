// Saved scripts as job types: `script:<name>` is the latest version of `scripts/<name>/` in the
// file store. Starting one checks the input against the saved schema and starts runScript with
// that version's text, so a later save changes no job already started, nor any schedule made
// before it (a schedule's action holds the script it was created with).
import { runScriptContract } from '../contracts/run-script';
import { SAVED_SCRIPT_PREFIX, SAVED_SCRIPTS_FOLDER, savedScriptPath, savedScriptVersion, type SavedScript } from '../contracts/save-script';
import { JobRequestError } from './job-errors';
import type { JobType } from './job-type';
import type { RunScriptInput } from './run-script';
import { zodOfInputSchema } from './script-input-schema';
import type { StoredFiles } from './stored-files';

export const isSavedScriptType = (type: string) => type.startsWith(SAVED_SCRIPT_PREFIX);

/** The job type of one saved version. */
export function savedScriptJob(saved: SavedScript): JobType {
  const runInput = (input: unknown): RunScriptInput => ({
    script: saved.script,
    input,
    dryRun: false,
    // Its writes were approved when it was saved; a script saved as reading may not write at all.
    requireApproval: false,
    allowWrites: saved.writes,
    approvalTimeout: '24h',
    saved: { name: saved.name, version: saved.version },
    limits: {},
  });
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
  const read = async (name: string, version: number) =>
    JSON.parse((await files.read(savedScriptPath(name, version), { maxBytes: 1024 * 1024 })).data.toString('utf8')) as SavedScript;

  /** Latest version of every saved name (or of `name` only). */
  async function latestVersions(name?: string): Promise<Map<string, number>> {
    const latest = new Map<string, number>();
    for (const file of await files.list(name ? `${SAVED_SCRIPTS_FOLDER}/${name}` : SAVED_SCRIPTS_FOLDER, 1000)) {
      const found = savedScriptVersion(file.path, name);
      if (found && found.version > (latest.get(found.name) ?? 0)) latest.set(found.name, found.version);
    }
    return latest;
  }

  /** The job types of the latest versions, by name. */
  async function savedJobTypes(): Promise<JobType[]> {
    const latest = [...(await latestVersions())].sort(([a], [b]) => a.localeCompare(b));
    return Promise.all(latest.map(async ([name, version]) => savedScriptJob(await read(name, version))));
  }

  /** `script:<name>` at its latest version, or a JobRequestError naming what is saved. */
  async function savedJobType(type: string): Promise<JobType> {
    const name = type.slice(SAVED_SCRIPT_PREFIX.length);
    const version = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/.test(name) ? (await latestVersions(name)).get(name) : undefined;
    if (!version) {
      const names = [...(await latestVersions()).keys()].map((n) => `${SAVED_SCRIPT_PREFIX}${n}`);
      throw new JobRequestError(`No saved script \`${type}\`. Saved: ${names.join(', ') || '(none; save_script saves one)'}`);
    }
    return savedScriptJob(await read(name, version));
  }

  return { savedJobTypes, savedJobType };
}
