// The file store served through the engine (contracts/stored-files.ts): one activity each, on
// the job task queue, where the worker runs file activities (no Looker rate budget spent).
import type { StoredFile } from '../activities/file-store';
import type { ListSavedScriptsInput, SavedScript, SavedScriptSummary } from '../contracts/save-script';
import type { JobChanges } from '../contracts/changes';
import type { ListedFile, ListStoredFilesInput, ReadJobChangesInput, ReadStoredFileInput, StoredFileChunk, WriteStoredFileInput } from '../contracts/stored-files';
import { storedFileActivities } from './support/files';

export async function readStoredFile(input: ReadStoredFileInput): Promise<StoredFileChunk> {
  return storedFileActivities().readStoredFile(input);
}

export async function writeStoredFile(input: WriteStoredFileInput): Promise<StoredFile> {
  return storedFileActivities().writeStoredFile(input);
}

export async function listStoredFiles(input: ListStoredFilesInput): Promise<ListedFile[]> {
  return storedFileActivities().listStoredFiles(input);
}

/** Saved scripts (contracts/save-script.ts): what list_job_types and start_job read of them. */
export async function listSavedScripts(input: ListSavedScriptsInput): Promise<Array<SavedScript | SavedScriptSummary>> {
  return storedFileActivities().listSavedScripts(input);
}

/** A job's change list with its children's, counted (`lookerflow jobs audit`, MCP). */
export async function readJobChanges(input: ReadJobChangesInput): Promise<JobChanges> {
  return storedFileActivities().readJobChanges(input);
}
