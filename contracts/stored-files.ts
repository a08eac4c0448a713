// The file store as the engine serves it: short workflows on the job task queue read, write and
// list files in the workers' store, so the MCP server and the CLI reach files through Temporal
// (they may run on another host than the workers) and never through a disk of their own.
// Every payload stays far below Temporal's 2 MB limit: files travel in chunks of FILE_CHUNK_BYTES.

/** Bytes per chunk: base64 makes 512 KiB about 700 KB of payload. */
export const FILE_CHUNK_BYTES = 512 * 1024;

/** Where an upload goes: `uploads/<id>/<name>`. */
export const UPLOADS_FOLDER = 'uploads';

export interface ReadStoredFileInput {
  path: string;
  offset: number;
  /** At most FILE_CHUNK_BYTES. */
  length: number;
}

export interface StoredFileChunk {
  path: string;
  contentType: string;
  /** The whole file's size. */
  bytes: number;
  offset: number;
  /** This chunk, base64. */
  data: string;
  /** Where the next chunk starts, or null after the last one. */
  nextOffset: number | null;
}

export interface WriteStoredFileInput {
  path: string;
  offset: number;
  /** This chunk, base64 (at most FILE_CHUNK_BYTES once decoded). */
  data: string;
}

export interface ListStoredFilesInput {
  /** A folder of the store, e.g. `jobs/<jobId>` or `uploads`; '' for all. */
  prefix: string;
  limit: number;
}

export interface ListedFile {
  path: string;
  contentType: string;
  bytes: number;
  modifiedAt: string;
}

/** The workflow types the file store is served by (not jobs: list_jobs does not show them). */
export const FILE_WORKFLOWS = { read: 'readStoredFile', write: 'writeStoredFile', list: 'listStoredFiles', savedScripts: 'listSavedScripts', jobChanges: 'readJobChanges' } as const;

/** A job's change list with its children's (contracts/changes.ts): the counts and the first `limit` changes. */
export interface ReadJobChangesInput {
  jobId: string;
  limit: number;
}
