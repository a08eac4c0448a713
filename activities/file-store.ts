// Where large activity outputs (query results, rendered files) go instead of workflow history.
// A local folder; keys are chosen by the caller from the job and activity so that a retried
// activity overwrites its earlier attempt instead of adding a second file.
import { appendFile, link, mkdir, open, readdir, readFile, rename, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';

export interface StoredFile {
  /** Path relative to the store's root, e.g. jobs/job-1/run-query/results.json. */
  path: string;
  bytes: number;
  contentType: string;
}

export interface FileStore {
  save(name: string, data: Buffer | string, contentType: string): Promise<StoredFile>;
  /** Writes a new file whole; refuses (FileExistsError) when one is already there. */
  create(name: string, data: Buffer | string, contentType: string): Promise<StoredFile>;
  read(path: string): Promise<Buffer>;
  /** Size and modification time, or undefined when there is no such file. */
  stat(path: string): Promise<{ bytes: number; modifiedAt: string } | undefined>;
  /** Up to `length` bytes from `offset`. */
  readRange(path: string, offset: number, length: number): Promise<Buffer>;
  /**
   * Writes `data` at `offset`, first cutting the file to `offset`: a retried write of the same
   * chunk gives the same file. Refuses an offset past the end (an earlier chunk is missing).
   */
  writeAt(path: string, offset: number, data: Buffer): Promise<StoredFile>;
  /**
   * Adds `line` at the end of the file (made if missing). One append of a short line lands
   * whole even when activities of the same job append at once (O_APPEND on a local disk).
   */
  append(path: string, line: string): Promise<void>;
  /** Files under `prefix` (a folder), newest first, at most `limit`. */
  list(prefix: string, limit: number): Promise<Array<{ path: string; bytes: number; modifiedAt: string }>>;
  /** The names of the folders directly under `prefix`, e.g. the job ids under `jobs`. */
  folders(prefix: string): Promise<string[]>;
  /** Removes a folder and everything in it; nothing when there is none. */
  removeFolder(prefix: string): Promise<void>;
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
    async create(name, data, contentType) {
      const path = safeName(name);
      const full = locate(path);
      await mkdir(dirname(full), { recursive: true });
      // link() refuses an existing name, so two writers never both win; the file appears whole.
      const partial = `${full}.${process.pid}.${Date.now()}.partial`;
      await writeFile(partial, data);
      try {
        await link(partial, full);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new FileExistsError(path);
        throw error;
      } finally {
        await rm(partial, { force: true });
      }
      return { path, bytes: Buffer.byteLength(data), contentType };
    },
    read(path) {
      return readFile(locate(path));
    },
    async stat(path) {
      const info = await stat(locate(path)).catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return undefined;
        throw error;
      });
      return info?.isFile() ? { bytes: info.size, modifiedAt: info.mtime.toISOString() } : undefined;
    },
    async readRange(path, offset, length) {
      const file = await open(locate(path), 'r');
      try {
        const buffer = Buffer.alloc(length);
        const { bytesRead } = await file.read(buffer, 0, length, offset);
        return buffer.subarray(0, bytesRead);
      } finally {
        await file.close();
      }
    },
    async writeAt(name, offset, data) {
      const path = safeName(name);
      const full = locate(path);
      await mkdir(dirname(full), { recursive: true });
      const size = (await stat(full).catch(() => undefined))?.size ?? 0;
      if (offset > size) throw new Error(`${path} has ${size} bytes; cannot write at ${offset} (an earlier chunk is missing)`);
      if (size > offset) await truncate(full, offset);
      const file = await open(full, 'a');
      try {
        await file.write(data);
      } finally {
        await file.close();
      }
      return { path, bytes: offset + data.length, contentType: contentTypeOf(path) };
    },
    async append(name, line) {
      const full = locate(safeName(name));
      await mkdir(dirname(full), { recursive: true });
      await appendFile(full, line);
    },
    async folders(prefix) {
      const entries = await readdir(locate(safeName(prefix)), { withFileTypes: true }).catch(() => []);
      return entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
    },
    async removeFolder(prefix) {
      const path = safeName(prefix);
      if (!path) throw new Error('Refusing to remove the whole file store');
      await rm(locate(path), { recursive: true, force: true });
    },
    async list(prefix, limit) {
      const base = locate(safeName(prefix));
      const entries = await readdir(base, { recursive: true, withFileTypes: true }).catch(() => []);
      const files = await Promise.all(
        entries
          .filter((entry) => entry.isFile() && !entry.name.endsWith('.partial'))
          .map(async (entry) => {
            const full = join(entry.parentPath, entry.name);
            const info = await stat(full);
            return { path: relative(root, full).split(sep).join('/'), bytes: info.size, modifiedAt: info.mtime.toISOString() };
          }),
      );
      return files.sort((a, b) => b.modifiedAt.localeCompare(a.modifiedAt) || a.path.localeCompare(b.path)).slice(0, limit);
    },
  };
}

export class FileExistsError extends Error {
  constructor(readonly path: string) {
    super(`${path} already exists in the file store`);
    this.name = 'FileExistsError';
  }
}

const CONTENT_TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  json: 'application/json',
  jsonl: 'application/jsonl',
  csv: 'text/csv',
  md: 'text/markdown',
  txt: 'text/plain',
};

/** The media type of a stored file, from its extension. */
export function contentTypeOf(path: string): string {
  return CONTENT_TYPES[path.split('.').pop()?.toLowerCase() ?? ''] ?? 'application/octet-stream';
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
