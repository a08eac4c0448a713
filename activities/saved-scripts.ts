// Saved scripts in the file store (contracts/save-script.ts): the latest version of a name, and
// the next version written beside it. A version once written is never overwritten.
import { ApplicationFailure } from '@temporalio/activity';
import {
  MAX_LISTED_SCRIPTS,
  SAVED_SCRIPTS_FOLDER,
  savedScriptPath,
  savedScriptVersion,
  type ListSavedScriptsInput,
  type SavedScript,
  type SavedScriptSummary,
} from '../contracts/save-script';
import { FileExistsError, type FileStore } from './file-store';

/** What a save compares: a new version only when one of these differs from the latest. */
type ScriptContent = Pick<SavedScript, 'name' | 'description' | 'script' | 'inputSchema' | 'writes'>;
const sameContent = (a: ScriptContent, b: ScriptContent) =>
  a.description === b.description && a.script === b.script && a.writes === b.writes && JSON.stringify(a.inputSchema) === JSON.stringify(b.inputSchema);

export function createSavedScriptActivities({ files }: { files: FileStore }) {
  async function latest(name: string): Promise<SavedScript | undefined> {
    const listed = await files.list(`${SAVED_SCRIPTS_FOLDER}/${name}`, 10_000);
    const versions = listed.map((f) => savedScriptVersion(f.path, name)?.version ?? 0).filter((v) => v > 0);
    if (!versions.length) return undefined;
    return JSON.parse((await files.read(savedScriptPath(name, Math.max(...versions)))).toString('utf8')) as SavedScript;
  }

  return {
    /** The latest version of `name` (whole), or of every saved name (without their text), by name. */
    async listSavedScripts({ name }: ListSavedScriptsInput): Promise<Array<SavedScript | SavedScriptSummary>> {
      if (name !== undefined) {
        const found = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/.test(name) ? await latest(name) : undefined;
        return found ? [found] : [];
      }
      const names = (await files.folders(SAVED_SCRIPTS_FOLDER)).slice(0, MAX_LISTED_SCRIPTS);
      const found = await Promise.all(names.map((n) => latest(n)));
      return found.filter((s): s is SavedScript => s !== undefined).map(({ script: _text, ...summary }) => summary);
    },

    /** The latest version when it already holds this content (a save then adds nothing). */
    async findSavedScript(content: ScriptContent): Promise<SavedScript | null> {
      const found = await latest(content.name);
      return found && sameContent(found, content) ? found : null;
    },

    /**
     * Writes the next version, or answers the latest when it holds this content already (so a
     * retried activity converges). Two saves racing for one number: the second is refused.
     */
    async saveScriptVersion(record: Omit<SavedScript, 'version'>): Promise<{ saved: SavedScript; path: string; created: boolean }> {
      const found = await latest(record.name);
      if (found && sameContent(found, record)) return { saved: found, path: savedScriptPath(found.name, found.version), created: false };
      const saved: SavedScript = { ...record, version: (found?.version ?? 0) + 1 };
      const path = savedScriptPath(saved.name, saved.version);
      try {
        await files.create(path, JSON.stringify(saved, null, 2), 'application/json');
      } catch (error) {
        if (!(error instanceof FileExistsError)) throw error;
        throw ApplicationFailure.create({ type: 'ScriptVersionExists', nonRetryable: true, message: `${path} was saved meanwhile by another save; save again to make the next version` });
      }
      return { saved, path, created: true };
    },
  };
}
