// Folders by name under a parent. Names are unique per parent in Looker (ignoring case), which
// makes the name a natural key: look first, create only when missing.
import { ensureResult, type EnsureResult } from './ensure-result';
import { LookerApiError } from './looker-api-error';
import type { LookerClient } from './looker-client';

export async function findFolderId(looker: LookerClient, name: string, parentId: string): Promise<string | undefined> {
  const folders = await looker.call('search_folders', (sdk) => sdk.search_folders({ name, parent_id: parentId, fields: 'id,name' }));
  // Search treats _ and % as wildcards, so compare exactly (ignoring case, as Looker does).
  return folders.find((f) => f.name?.toLowerCase() === name.toLowerCase())?.id ?? undefined;
}

/** The folder with this name under `parentId`, created if missing. */
export async function findOrCreateFolder(looker: LookerClient, name: string, parentId: string): Promise<EnsureResult> {
  const existing = await findFolderId(looker, name, parentId);
  if (existing) return ensureResult(existing, 'unchanged');
  try {
    const folder = await looker.call('create_folder', (sdk) => sdk.create_folder({ name, parent_id: parentId }));
    if (!folder.id) throw new Error('create_folder returned no id');
    return ensureResult(folder.id, 'created');
  } catch (error) {
    // 409: created meanwhile, by our own lost-response attempt or someone else.
    if (!(error instanceof LookerApiError && error.status === 409)) throw error;
    const found = await findFolderId(looker, name, parentId);
    if (!found) throw error;
    return ensureResult(found, 'unchanged');
  }
}

/** The id of the Shared folder, the root of the folders everyone can see. */
export async function sharedRootFolderId(looker: LookerClient): Promise<string> {
  const [root] = await looker.call('search_folders', (sdk) => sdk.search_folders({ is_shared_root: true, fields: 'id', limit: 1 }));
  if (!root?.id) throw new Error('Looker reported no Shared folder');
  return root.id;
}
