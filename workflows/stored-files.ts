// The file store served through the engine (contracts/stored-files.ts): one activity each, on
// the job task queue, where the worker runs file activities (no Looker rate budget spent).
import type { StoredFile } from '../activities/file-store';
import type { ListedFile, ListStoredFilesInput, ReadStoredFileInput, StoredFileChunk, WriteStoredFileInput } from '../contracts/stored-files';
import { fileActivities } from './support/files';

export async function readStoredFile(input: ReadStoredFileInput): Promise<StoredFileChunk> {
  return fileActivities().readStoredFile(input);
}

export async function writeStoredFile(input: WriteStoredFileInput): Promise<StoredFile> {
  return fileActivities().writeStoredFile(input);
}

export async function listStoredFiles(input: ListStoredFilesInput): Promise<ListedFile[]> {
  return fileActivities().listStoredFiles(input);
}
