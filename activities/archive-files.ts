// The lists of an archiveStaleContent job, kept in the file store so that its workflow history
// holds only counts and offsets, however much content the instance has:
//   scan/<type>-<offset>.json   the stale candidates of one scanned page (and where the next page starts)
//   candidates/<start>.json     the whole candidate list, CANDIDATES_PER_FILE items per file
//   archived/<start>.json       what became of those items (the manifest parts restore reads)
//   manifest.json               action, status and candidate count, for restoreArchivedContent
// Every name is fixed by the job and the page or item index, so a retried activity overwrites
// its own file. Workers on different hosts must share the store (LOOKERFLOW_FILES_DIR).
import type { FileStore } from './file-store';
import { jobFileName } from './file-store';
import type { ArchiveManifest, ArchivedItem, ContentItem, ContentType, SkippedItem } from './archive-records';

/** Candidates per list file; archiving and restoring work through at most one file per activity. */
export const CANDIDATES_PER_FILE = 50;

export interface ScannedPage {
  candidates: ContentItem[];
  nextOffset: number | null;
}

/** What became of the candidates of one list file, each under its index in the whole list. */
export interface ArchivePart {
  /** Recorded before the change is made, so that a retry finishes it instead of judging the item again. */
  archived: Array<ArchivedItem & { index: number }>;
  skipped: Array<SkippedItem & { index: number }>;
}

/** The first index of the list file holding candidate `index`. */
export function fileStartOf(index: number): number {
  return index - (index % CANDIDATES_PER_FILE);
}

export function archiveFiles(files: FileStore, jobId: string) {
  const name = (file: string) => jobFileName(jobId, 'archiveStaleContent', file);

  async function readJson<T>(file: string): Promise<T | undefined> {
    try {
      return JSON.parse((await files.read(name(file))).toString('utf8')) as T;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async function readRequired<T>(file: string): Promise<T> {
    const value = await readJson<T>(file);
    // Retryable: on a worker host that does not share the file store, another host may have it.
    if (value === undefined) throw new Error(`${name(file)} is missing from the file store (LOOKERFLOW_FILES_DIR must be shared by all workers)`);
    return value;
  }

  const saveJson = (file: string, value: unknown) => files.save(name(file), JSON.stringify(value), 'application/json');

  return {
    saveScannedPage: (type: ContentType, offset: number, page: ScannedPage) => saveJson(`scan/${type}-${offset}.json`, page),
    readScannedPage: (type: ContentType, offset: number) => readRequired<ScannedPage>(`scan/${type}-${offset}.json`),

    async saveCandidates(items: ContentItem[]): Promise<void> {
      for (let start = 0; start < items.length; start += CANDIDATES_PER_FILE) {
        await saveJson(`candidates/${start}.json`, items.slice(start, start + CANDIDATES_PER_FILE));
      }
    },
    readCandidates: (start: number) => readRequired<ContentItem[]>(`candidates/${start}.json`),

    readPart: async (start: number): Promise<ArchivePart> => (await readJson<ArchivePart>(`archived/${start}.json`)) ?? { archived: [], skipped: [] },
    savePart: (start: number, part: ArchivePart) => saveJson(`archived/${start}.json`, part),

    saveManifest: (manifest: ArchiveManifest) => saveJson('manifest.json', manifest),
    readManifest: () => readJson<ArchiveManifest>('manifest.json'),
  };
}
