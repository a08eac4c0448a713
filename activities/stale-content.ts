// Finding stale content: one page of dashboards or looks per call, reduced to the stale ones
// and saved to the file store (the workflow history holds only counts), then the candidates of
// every page gathered into the numbered list the archive works through and into the report.
import { archiveFiles } from './archive-files';
import type { ArchiveReportFiles, ContentItem, ContentType } from './archive-records';
import { toContentItem } from './archive-records';
import { renderArchiveReport } from './archive-report';
import type { FileStore } from './file-store';
import { jobFileName } from './file-store';
import type { LookerClient } from './looker-client';
import { readPage } from './paging';

export interface ScanStaleContentPageInput {
  /** The page's candidates are saved under this job (see archive-files.ts). */
  jobId: string;
  contentType: ContentType;
  /** ISO time: content last used (or, never used, created) before this is stale. */
  staleBefore: string;
  excludeFolderIds?: string[];
  excludeIds?: string[];
  limit?: number;
  offset?: number;
}

/** Only counts: the page's candidates are in the file store. */
export interface StaleContentPage {
  stale: number;
  scanned: number;
  nextOffset: number | null;
}

const CONTENT_FIELDS = 'id,title,folder_id,folder(name),user_id,user_name,last_viewed_at,last_accessed_at,created_at,deleted';

export function createStaleContentActivities({ looker, files }: { looker: LookerClient; files: FileStore }) {
  return {
    /**
     * One page of dashboards or looks (search_* leaves out LookML dashboards and the Trash),
     * reduced to the stale ones that are not excluded.
     */
    async scanStaleContentPage(input: ScanStaleContentPageInput): Promise<StaleContentPage> {
      const { items, nextOffset } =
        input.contentType === 'dashboard'
          ? await readPage(looker, 'search_dashboards', input, (sdk, page) => sdk.search_dashboards({ fields: CONTENT_FIELDS, ...page, sorts: 'id' }))
          : await readPage(looker, 'search_looks', input, (sdk, page) => sdk.search_looks({ fields: CONTENT_FIELDS, ...page, sorts: 'id' }));
      const staleBefore = Date.parse(input.staleBefore);
      const excludedFolders = new Set(input.excludeFolderIds ?? []);
      const excludedIds = new Set(input.excludeIds ?? []);
      const candidates = items
        .filter((content) => !content.deleted)
        .map((content) => toContentItem(input.contentType, content))
        .filter((item) => !excludedFolders.has(item.folderId) && !excludedIds.has(item.id))
        .filter((item) => {
          const used = item.lastViewedAt ?? item.createdAt;
          return used !== null && Date.parse(used) < staleBefore;
        });
      await archiveFiles(files, input.jobId).saveScannedPage(input.contentType, input.offset ?? 0, { candidates, nextOffset });
      return { stale: candidates.length, scanned: items.length, nextOffset };
    },

    /**
     * Gathers the scanned pages' candidates (every page of each type, from offset 0) into the
     * numbered candidate list, and writes the Markdown and CSV report; same job → same files.
     */
    async saveArchiveReport(input: { jobId: string; title: string; contentTypes: ContentType[] }): Promise<{ report: ArchiveReportFiles; candidates: number }> {
      const store = archiveFiles(files, input.jobId);
      const items: ContentItem[] = [];
      for (const type of input.contentTypes) {
        for (let offset: number | null = 0; offset !== null; ) {
          const page = await store.readScannedPage(type, offset);
          items.push(...page.candidates);
          offset = page.nextOffset;
        }
      }
      await store.saveCandidates(items);
      const { markdown, csv, preview } = renderArchiveReport(input.title, items);
      const md = await files.save(jobFileName(input.jobId, 'archiveStaleContent', 'report.md'), markdown, 'text/markdown');
      const table = await files.save(jobFileName(input.jobId, 'archiveStaleContent', 'report.csv'), csv, 'text/csv');
      return { report: { markdownPath: md.path, csvPath: table.path, preview }, candidates: items.length };
    },
  };
}
