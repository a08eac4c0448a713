// Where large activity outputs (query results, rendered files) go instead of workflow history.
// A local folder; keys are chosen by the caller from the job and activity so that a retried
// activity overwrites its earlier attempt instead of adding a second file.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';

export interface StoredFile {
  /** Path relative to the store's root, e.g. jobs/job-1/run-query/results.json. */
  path: string;
  bytes: number;
  contentType: string;
}

export interface FileStore {
  save(name: string, data: Buffer | string, contentType: string): Promise<StoredFile>;
  read(path: string): Promise<Buffer>;
  /** Absolute location of a stored path, for callers that hand files to other tools. */
  locate(path: string): string;
}

/** A store under `rootDir`; the worker passes LOOKERFLOW_FILES_DIR (default `.lookerflow/files`, see worker/settings.ts). */
export function createLocalFileStore(rootDir: string): FileStore {
  const root = resolve(rootDir);

  function locate(path: string): string {
    const full = resolve(root, path);
    if (full !== root && !full.startsWith(root + sep)) throw new Error(`File name escapes the file store: ${path}`);
    return full;
  }

  return {
    locate,
    async save(name, data, contentType) {
      const path = safeName(name);
      const full = locate(path);
      await mkdir(dirname(full), { recursive: true });
      // Write then rename, so a crash mid-write never leaves a truncated file under the real name.
      const partial = `${full}.partial`;
      await writeFile(partial, data);
      await rename(partial, full);
      return { path, bytes: Buffer.byteLength(data), contentType };
    },
    read(path) {
      return readFile(locate(path));
    },
  };
}

/** Keeps names portable: path segments of letters, digits, dot, dash and underscore. */
export function safeName(name: string): string {
  return name
    .split('/')
    .filter((segment) => segment !== '' && segment !== '.' && segment !== '..')
    .map((segment) => segment.replace(/[^A-Za-z0-9._-]/g, '_'))
    .join('/');
}

/** Deterministic per job and activity: a retry of the same activity writes the same file. */
export function jobFileName(jobId: string, activityName: string, fileName: string): string {
  return join('jobs', jobId, activityName, fileName).split(sep).join('/');
}
