// What the stale-content archive keeps of each dashboard or look: the records its activities,
// its files (archive-files.ts), its report (archive-report.ts) and its workflows share. Kept
// apart from the code that reads and writes them, so that none of those modules imports another
// just for a type.
import type { IDashboard, ILook } from '@looker/sdk';

export type ContentType = 'dashboard' | 'look';

export interface ContentRef {
  type: ContentType;
  id: string;
}

export interface ContentTitle {
  type: ContentType;
  id: string;
  title: string;
}

/** What the archive report and manifest keep of one piece of content. */
export interface ContentItem extends ContentTitle {
  folderId: string;
  folderName: string | null;
  ownerId: string | null;
  ownerName: string | null;
  /** Last view or access; null when nobody ever opened it. */
  lastViewedAt: string | null;
  createdAt: string | null;
}

export type ArchiveAction = 'soft_delete' | 'move';

export interface ArchivedItem extends ContentItem {
  /** Where a moved item went; null for soft deletes. */
  archiveFolderId: string | null;
}

export interface SkippedItem extends ContentTitle {
  reason: string;
}

/** The manifest's head; the archived items are in its parts (see archive-files.ts). */
export interface ArchiveManifest {
  jobId: string;
  action: ArchiveAction;
  /** `archiving` while the job works, `complete` once every item was handled. */
  status: 'archiving' | 'complete';
  /** Length of the candidate list; the parts cover it `candidatesPerFile` items at a time. */
  candidates: number;
  candidatesPerFile: number;
}

export interface ArchiveReportFiles {
  markdownPath: string;
  csvPath: string;
  /** The report's Markdown, cut to its first rows when long (the files hold all of it). */
  preview: string;
}

/** When content was last used: Looker's content_usage counts never-opened content from its creation. */
export function lastUsed(content: IDashboard | ILook): string | null {
  return toIso(content.last_accessed_at ?? content.last_viewed_at);
}

export function toContentItem(type: ContentType, content: IDashboard | ILook): ContentItem {
  return {
    type,
    id: String(content.id),
    title: content.title ?? '',
    folderId: String(content.folder_id ?? ''),
    folderName: content.folder?.name ?? null,
    ownerId: content.user_id ?? null,
    ownerName: content.user_name ?? null,
    lastViewedAt: lastUsed(content),
    createdAt: toIso(content.created_at),
  };
}

function toIso(value: Date | string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? value : value.toISOString();
}
