// The file store from the client side (MCP server, CLI): every read, write and listing is a
// short workflow on the job task queue (workflows/stored-files.ts) whose activity runs on a
// worker, so clients need no disk shared with the workers, only Temporal. Files move in chunks
// of FILE_CHUNK_BYTES, each well under Temporal's 2 MB payload limit.
import { randomUUID } from 'node:crypto';
import { WorkflowFailedError, type Client } from '@temporalio/client';
import {
  FILE_CHUNK_BYTES,
  FILE_WORKFLOWS,
  UPLOADS_FOLDER,
  type ListedFile,
  type ListStoredFilesInput,
  type ReadJobChangesInput,
  type ReadStoredFileInput,
  type StoredFileChunk,
  type WriteStoredFileInput,
} from '../contracts/stored-files';
import type { JobChanges } from '../contracts/changes';
import type { ListSavedScriptsInput, SavedScript, SavedScriptSummary } from '../contracts/save-script';
import { JobRequestError } from './job-errors';
import { failureChain } from './job-report';

export interface StoredFileRef {
  path: string;
  bytes: number;
  contentType: string;
}

export type StoredFiles = ReturnType<typeof createStoredFiles>;

export function createStoredFiles({ client, taskQueue }: { client: Client; taskQueue: string }) {
  async function run<R>(type: string, input: ReadStoredFileInput | WriteStoredFileInput | ListStoredFilesInput | ListSavedScriptsInput | ReadJobChangesInput, timeout = '10m'): Promise<R> {
    try {
      return (await client.workflow.execute(type, {
        taskQueue,
        workflowId: `${type}-${randomUUID()}`,
        args: [input],
        workflowExecutionTimeout: timeout,
      })) as R;
    } catch (error) {
      // A missing file or a bad path is the caller's to fix; anything else is an engine problem.
      if (error instanceof WorkflowFailedError) throw new JobRequestError(failureChain(error).message);
      throw error;
    }
  }

  /** One chunk from `offset`. */
  function readChunk(path: string, offset = 0, length = FILE_CHUNK_BYTES): Promise<StoredFileChunk> {
    return run<StoredFileChunk>(FILE_WORKFLOWS.read, { path: checkPath(path), offset, length: Math.min(length, FILE_CHUNK_BYTES) });
  }

  /** The whole file; refused past `maxBytes` (use chunks() for a file of any size). */
  async function read(path: string, { maxBytes = Number.POSITIVE_INFINITY } = {}): Promise<{ ref: StoredFileRef; data: Buffer }> {
    const parts: Buffer[] = [];
    let ref: StoredFileRef | undefined;
    for await (const chunk of chunks(path)) {
      if (chunk.bytes > maxBytes) throw new JobRequestError(`\`${path}\` is ${chunk.bytes} bytes; at most ${maxBytes} can be read here`);
      ref ??= { path: chunk.path, bytes: chunk.bytes, contentType: chunk.contentType };
      parts.push(Buffer.from(chunk.data, 'base64'));
    }
    return { ref: ref!, data: Buffer.concat(parts) };
  }

  /** The file chunk by chunk, for files of any size (e.g. `lookerflow files get` writing to disk). */
  async function* chunks(path: string): AsyncGenerator<StoredFileChunk> {
    for (let offset: number | null = 0; offset !== null; ) {
      const chunk = await readChunk(path, offset);
      yield chunk;
      offset = chunk.nextOffset;
    }
  }

  /** Uploads `data` as `uploads/<new id>/<name>` and returns its reference (e.g. for bulkOnboard's csvFile). */
  async function upload(name: string, data: Buffer): Promise<StoredFileRef> {
    const fileName = name.split(/[\\/]/).pop()?.replace(/[^A-Za-z0-9._-]/g, '_') || 'upload';
    const path = `${UPLOADS_FOLDER}/${randomUUID()}/${fileName}`;
    let stored: StoredFileRef = { path, bytes: 0, contentType: 'application/octet-stream' };
    // An empty file is still written once, so that it exists.
    for (let offset = 0; offset < data.length || offset === 0; offset += FILE_CHUNK_BYTES) {
      stored = await run<StoredFileRef>(FILE_WORKFLOWS.write, { path, offset, data: data.subarray(offset, offset + FILE_CHUNK_BYTES).toString('base64') });
      if (data.length === 0) break;
    }
    return stored;
  }

  /** Files under a folder of the store, newest first. */
  function list(prefix = '', limit = 100): Promise<ListedFile[]> {
    return run<ListedFile[]>(FILE_WORKFLOWS.list, { prefix: prefix && checkPath(prefix), limit });
  }

  /** The latest version of every saved script (without its text), or of `name` only (whole). */
  function savedScripts(name?: string, { timeout }: { timeout?: string } = {}): Promise<Array<SavedScript | SavedScriptSummary>> {
    return run(FILE_WORKFLOWS.savedScripts, name === undefined ? {} : { name }, timeout);
  }

  /** A job's change list with its children's, counted, and its first `limit` changes. */
  function jobChanges(jobId: string, limit: number): Promise<JobChanges> {
    return run(FILE_WORKFLOWS.jobChanges, { jobId, limit });
  }

  return { readChunk, read, chunks, upload, list, savedScripts, jobChanges };
}

/** Refuses paths that leave the store or hold odd characters, before any workflow starts. */
export function checkPath(path: string): string {
  const ok = /^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/.test(path) && !path.split('/').some((s) => s === '.' || s === '..');
  if (!ok) throw new JobRequestError(`\`${path}\` is not a file store path; give one like jobs/<jobId>/renderToFile/dashboard-1.pdf`);
  return path;
}
