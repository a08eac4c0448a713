// The file store served through the engine (contracts/stored-files.ts): one activity each, on
// the job task queue, where the worker runs file activities (no Looker rate budget spent).
import type { StoredFile } from '../activities/file-store';
import type { ListedFile, ListStoredFilesInput, ReadStoredFileInput, StoredFileChunk, WriteStoredFileInput } from '../contracts/stored-files';
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
