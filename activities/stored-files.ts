// File store activities: they touch no Looker, so the worker runs them on the job task queue,
// outside the Looker API queue's rate budget (see worker/create-workers.ts).
import { ApplicationFailure } from '@temporalio/activity';
import type { ListedFile, ListStoredFilesInput, ReadStoredFileInput, StoredFileChunk, WriteStoredFileInput } from '../contracts/stored-files';
import { FILE_CHUNK_BYTES } from '../contracts/stored-files';
import { createBulkOnboardRowActivities } from './bulk-onboard-rows';
import { createChangeListActivities } from './change-lists';
import { contentTypeOf, safeName, type FileStore, type StoredFile } from './file-store';
import { createRetentionActivities, type JobStatusSource } from './job-files-retention';
import { createSavedScriptActivities } from './saved-scripts';

/** `jobs`: how the retention asks Temporal whether a job is still open (the worker's connection). */
export function createFileActivities({ files, jobs }: { files: FileStore; jobs?: JobStatusSource }) {
  return {
    ...createBulkOnboardRowActivities({ files }),
    ...createRetentionActivities({ files, jobs }),
    ...createSavedScriptActivities({ files }),
    ...createChangeListActivities({ files }),
    async readStoredFile({ path, offset, length }: ReadStoredFileInput): Promise<StoredFileChunk> {
      const name = checkedPath(path);
      const info = await files.stat(name);
      if (!info) throw ApplicationFailure.create({ type: 'FileNotFound', nonRetryable: true, message: `No file \`${name}\` in the file store` });
      const data = await files.readRange(name, offset, Math.min(Math.max(length, 0), FILE_CHUNK_BYTES));
      const end = offset + data.length;
      return {
        path: name,
        contentType: contentTypeOf(name),
        bytes: info.bytes,
        offset,
        data: data.toString('base64'),
        nextOffset: end < info.bytes && data.length > 0 ? end : null,
      };
    },

    async writeStoredFile({ path, offset, data }: WriteStoredFileInput): Promise<StoredFile> {
      const bytes = Buffer.from(data, 'base64');
      if (bytes.length > FILE_CHUNK_BYTES) {
        throw ApplicationFailure.create({ type: 'FileChunkTooLarge', nonRetryable: true, message: `a chunk holds at most ${FILE_CHUNK_BYTES} bytes` });
      }
      return files.writeAt(checkedPath(path), offset, bytes);
    },

    async listStoredFiles({ prefix, limit }: ListStoredFilesInput): Promise<ListedFile[]> {
      const listed = await files.list(prefix, Math.min(Math.max(limit, 1), 1000));
      return listed.map((file) => ({ ...file, contentType: contentTypeOf(file.path) }));
    },
  };
}

export type FileActivities = ReturnType<typeof createFileActivities>;

/** A path that names a file inside the store as given (no `..`, no odd characters), or a non-retryable failure. */
function checkedPath(path: string): string {
  const name = safeName(path);
  if (!name || name !== path) {
    throw ApplicationFailure.create({ type: 'BadFilePath', nonRetryable: true, message: `\`${path}\` is not a file store path (e.g. jobs/<jobId>/renderToFile/dashboard-1.pdf)` });
  }
  return name;
}
