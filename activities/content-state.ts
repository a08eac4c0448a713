// One dashboard or look at a time: when it was last used, and the three changes the archive
// makes and undoes (to the Trash, to the archive folder, back). Every change first reads the
// current state and changes only what still differs, so a retry changes nothing twice.
import { ApplicationFailure } from '@temporalio/activity';
import type { IDashboard, ILook } from '@looker/sdk';
import { lastUsed, type ArchiveAction, type ArchivedItem, type ContentRef } from './archive-records';
import { ifFound } from './looker-api-error';
import type { LookerClient } from './looker-client';

export interface ContentUsage {
  exists: boolean;
  deleted: boolean;
  folderId: string | null;
  lastViewedAt: string | null;
}

export interface RestoreContentInput {
  item: ArchivedItem;
  action: ArchiveAction;
}

export function createContentStateActivities({ looker }: { looker: LookerClient }) {
  /** The content as it is now; trashed items included (Looker returns them by id). */
  function getContent(ref: ContentRef, fields: string): Promise<IDashboard | ILook | undefined> {
    const call =
      ref.type === 'dashboard'
        ? looker.call('dashboard', (sdk) => sdk.dashboard(ref.id, fields))
        : looker.call('look', (sdk) => sdk.look(ref.id, fields));
    return ifFound<IDashboard | ILook, undefined>(call, undefined);
  }

  async function updateContent(ref: ContentRef, body: { deleted: boolean }): Promise<void> {
    if (ref.type === 'dashboard') await looker.call('update_dashboard', (sdk) => sdk.update_dashboard(ref.id, body));
    else await looker.call('update_look', (sdk) => sdk.update_look(ref.id, body, 'id'));
  }

  async function moveTo(ref: ContentRef, folderId: string): Promise<void> {
    if (ref.type === 'dashboard') await looker.call('move_dashboard', (sdk) => sdk.move_dashboard(ref.id, folderId));
    else await looker.call('move_look', (sdk) => sdk.move_look(ref.id, folderId));
  }

  return {
    /** Re-reads one item just before archiving, so content opened since the scan is left alone. */
    async contentLastViewed(ref: ContentRef): Promise<ContentUsage> {
      const content = await getContent(ref, 'id,folder_id,deleted,last_viewed_at,last_accessed_at');
      if (!content) return { exists: false, deleted: false, folderId: null, lastViewedAt: null };
      return { exists: true, deleted: content.deleted === true, folderId: String(content.folder_id ?? ''), lastViewedAt: lastUsed(content) };
    },

    /** Moves the item to the Trash (deleted: true), unless it is there already. */
    async softDeleteContent(ref: ContentRef): Promise<{ changed: boolean }> {
      const content = await getContent(ref, 'id,deleted');
      if (!content) throw ApplicationFailure.nonRetryable(`${ref.type} ${ref.id} no longer exists`, 'ContentNotFound');
      if (content.deleted) return { changed: false };
      await updateContent(ref, { deleted: true });
      return { changed: true };
    },

    async moveContent(input: ContentRef & { folderId: string }): Promise<{ changed: boolean }> {
      const content = await getContent(input, 'id,folder_id');
      if (!content) throw ApplicationFailure.nonRetryable(`${input.type} ${input.id} no longer exists`, 'ContentNotFound');
      if (String(content.folder_id) === input.folderId) return { changed: false };
      await moveTo(input, input.folderId);
      return { changed: true };
    },

    /**
     * Undoes one archive: out of the Trash, or back from the archive folder to where it was.
     * Content someone has since restored or moved elsewhere, or whose folder is gone, is left where it is.
     */
    async restoreContent({ item, action }: RestoreContentInput): Promise<{ changed: boolean; reason?: string }> {
      const content = await getContent(item, 'id,folder_id,deleted');
      if (!content) return { changed: false, reason: 'no longer exists' };
      if (action === 'soft_delete') {
        if (!content.deleted) return { changed: false, reason: 'not in the Trash' };
        await updateContent(item, { deleted: false });
        return { changed: true };
      }
      if (String(content.folder_id) !== item.archiveFolderId) return { changed: false, reason: 'no longer in the archive folder' };
      const folder = await ifFound(looker.call('folder', (sdk) => sdk.folder(item.folderId, 'id')), undefined);
      if (!folder) return { changed: false, reason: `its folder ${item.folderId} no longer exists; it stays in the archive folder` };
      await moveTo(item, item.folderId);
      return { changed: true };
    },
  };
}
