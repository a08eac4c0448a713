/** Folders: shared root "1", users root "2" with personal folders, and user folders. */
import type { IFolder, IFolderBase } from '@looker/sdk';
import type { HandlerTable, RequestContext } from '../core/context';
import { conflict, forbidden, invalidField } from '../core/errors';
import { insertFolder } from '../core/records';
import { Reply } from '../core/reply';
import { paginate, search } from '../core/search';
import type { EmulatorState, FolderRecord } from '../core/state';
import { CAN, findOr404, findOr422, nowIso, requireString, sortById, type Wire } from './common';
import { presentDashboard } from './dashboards';
import { presentLook } from './looks';

function isPersonalDescendant(state: EmulatorState, folder: FolderRecord): boolean {
  let parent = folder.parent_id ? state.folders[folder.parent_id] : undefined;
  while (parent) {
    if (parent.is_personal) return true;
    parent = parent.parent_id ? state.folders[parent.parent_id] : undefined;
  }
  return false;
}

export function presentFolderBase(state: EmulatorState, folder: FolderRecord): Wire<IFolderBase> {
  return {
    name: folder.name,
    parent_id: folder.parent_id,
    id: folder.id,
    content_metadata_id: folder.content_metadata_id,
    created_at: folder.created_at,
    creator_id: folder.creator_id,
    child_count: Object.values(state.folders).filter((f) => f.parent_id === folder.id).length,
    external_id: null,
    is_embed: false,
    is_embed_shared_root: false,
    is_embed_users_root: false,
    is_personal: folder.is_personal,
    is_personal_descendant: isPersonalDescendant(state, folder),
    is_shared_root: folder.is_shared_root,
    is_users_root: folder.is_users_root,
    can: CAN,
  };
}

/** The full Folder adds its dashboards and looks (as Looker does on `folder()`). */
function presentFolder(ctx: RequestContext, folder: FolderRecord): Wire<IFolder> {
  const { state } = ctx.core;
  return {
    ...presentFolderBase(state, folder),
    dashboards: Object.values(state.dashboards)
      .filter((d) => d.folder_id === folder.id && !d.deleted)
      .map((d) => {
        const { dashboard_elements, dashboard_filters, dashboard_layouts, ...base } = presentDashboard(ctx, d);
        return base;
      }),
    looks: Object.values(state.looks)
      .filter((l) => l.folder_id === folder.id && !l.deleted)
      .map((l) => presentLook(ctx, l, false)),
  };
}

function folderOr404(ctx: RequestContext): FolderRecord {
  return findOr404(ctx.core.state.folders, ctx.params.string('folder_id'), 'Folder');
}

function assertWritableFolder(folder: FolderRecord) {
  if (folder.is_shared_root || folder.is_users_root || folder.is_personal) throw forbidden(`Folder ${folder.id} cannot be modified`);
}

function assertUniqueName(state: EmulatorState, parentId: string, name: string, exceptId?: string) {
  const clash = Object.values(state.folders).some((f) => f.parent_id === parentId && f.id !== exceptId && f.name.toLowerCase() === name.toLowerCase());
  if (clash) throw conflict(`A folder named "${name}" already exists in folder ${parentId}`);
}

export const folderHandlers: HandlerTable = {
  all_folders: (ctx) => sortById(Object.values(ctx.core.state.folders)).map((f) => presentFolder(ctx, f)),
  folder: (ctx) => presentFolder(ctx, folderOr404(ctx)),
  search_folders: (ctx) => {
    const { page, reply } = search(ctx, sortById(Object.values(ctx.core.state.folders)), {
      criteria: ['name', 'id', 'parent_id', 'creator_id', 'is_shared_root', 'is_users_root'],
    });
    return reply(page.map((f) => presentFolder(ctx, f)));
  },
  create_folder: (ctx) => {
    const name = requireString(ctx.body, 'name');
    const parent = findOr422(ctx.core.state.folders, requireString(ctx.body, 'parent_id'), 'parent_id', 'Folder');
    assertUniqueName(ctx.core.state, parent.id, name);
    const folder = insertFolder(ctx.core.state, { name, parent_id: parent.id, creator_id: ctx.user.id }, nowIso(ctx));
    return presentFolder(ctx, folder);
  },
  update_folder: (ctx) => {
    const folder = folderOr404(ctx);
    assertWritableFolder(folder);
    if (ctx.body?.parent_id !== undefined) {
      const parent = findOr422(ctx.core.state.folders, ctx.body.parent_id, 'parent_id', 'Folder');
      if (parent.id === folder.id) throw invalidField('parent_id', 'A folder cannot be its own parent');
      folder.parent_id = parent.id;
    }
    if (ctx.body?.name !== undefined) {
      assertUniqueName(ctx.core.state, folder.parent_id!, String(ctx.body.name), folder.id);
      folder.name = String(ctx.body.name);
    }
    return presentFolder(ctx, folder);
  },
  delete_folder: (ctx) => {
    const folder = folderOr404(ctx);
    assertWritableFolder(folder);
    delete ctx.core.state.folders[folder.id];
    return Reply.empty(204);
  },
  folder_children: (ctx) => {
    const folder = folderOr404(ctx);
    const children = sortById(Object.values(ctx.core.state.folders).filter((f) => f.parent_id === folder.id));
    const { page, reply } = paginate(ctx, children);
    return reply(page.map((f) => presentFolder(ctx, f)));
  },
  folder_children_search: (ctx) => {
    const folder = folderOr404(ctx);
    const children = Object.values(ctx.core.state.folders).filter((f) => f.parent_id === folder.id);
    const { page, reply } = search(ctx, sortById(children), { criteria: ['name'] });
    return reply(page.map((f) => presentFolder(ctx, f)));
  },
  folder_parent: (ctx) => {
    const folder = folderOr404(ctx);
    return presentFolder(ctx, findOr404(ctx.core.state.folders, folder.parent_id, 'Parent folder'));
  },
  folder_ancestors: (ctx) => {
    const ancestors: FolderRecord[] = [];
    let current = folderOr404(ctx);
    while (current.parent_id && ctx.core.state.folders[current.parent_id]) {
      current = ctx.core.state.folders[current.parent_id];
      ancestors.unshift(current);
    }
    return ancestors.map((f) => presentFolder(ctx, f));
  },
  folder_dashboards: (ctx) => {
    const folder = folderOr404(ctx);
    return sortById(Object.values(ctx.core.state.dashboards).filter((d) => d.folder_id === folder.id && !d.deleted)).map((d) => presentDashboard(ctx, d));
  },
  folder_looks: (ctx) => {
    const folder = folderOr404(ctx);
    return sortById(Object.values(ctx.core.state.looks).filter((l) => l.folder_id === folder.id && !l.deleted)).map((l) => presentLook(ctx, l, true));
  },
};

