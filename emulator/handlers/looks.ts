/** Looks: saved queries in folders, with soft delete and move. */
import type { ILookWithQuery } from '@looker/sdk';
import type { HandlerTable, RequestContext } from '../core/context';
import { invalidField } from '../core/errors';
import { insertLook } from '../core/records';
import { Reply } from '../core/reply';
import { search } from '../core/search';
import type { LookRecord } from '../core/state';
import { CAN, applyTrashState, assignDefined, displayName, findOr404, findOr422, nowIso, requireString, sortById, type Wire } from './common';
import { presentFolderBase } from './folders';
import { presentQuery } from './queries';

export function presentLook(ctx: RequestContext, look: LookRecord, withQuery: boolean): Wire<ILookWithQuery> {
  const { state } = ctx.core;
  const folder = state.folders[look.folder_id];
  const owner = state.users[look.user_id];
  const query = state.queries[look.query_id];
  const presented: Wire<ILookWithQuery> = {
    can: CAN,
    content_metadata_id: look.content_metadata_id,
    id: look.id,
    title: look.title,
    user_id: look.user_id,
    content_favorite_id: null,
    created_at: look.created_at,
    deleted: look.deleted,
    deleted_at: look.deleted_at,
    deleter_id: look.deleter_id,
    description: look.description,
    favorite_count: look.favorite_count,
    is_run_on_load: look.is_run_on_load,
    last_accessed_at: look.last_accessed_at,
    last_viewed_at: look.last_viewed_at,
    model: query ? { id: query.model, label: query.model } : undefined,
    public: look.public,
    query_id: look.query_id,
    short_url: `/x/${look.id}`,
    folder: folder ? presentFolderBase(state, folder) : undefined,
    folder_id: look.folder_id,
    updated_at: look.updated_at,
    user_name: displayName(owner),
    view_count: look.view_count,
    is_owner_disabled: owner?.is_disabled ?? false,
  };
  if (withQuery) {
    presented.query = query ? presentQuery(ctx, query) : undefined;
    presented.url = `/looks/${look.id}`;
  }
  return presented;
}

function lookOr404(ctx: RequestContext): LookRecord {
  return findOr404(ctx.core.state.looks, ctx.params.string('look_id'), 'Look');
}

const WRITABLE_LOOK_FIELDS = ['title', 'description', 'public', 'is_run_on_load'] as const;

function applyLookUpdate(ctx: RequestContext, look: LookRecord, body: Record<string, any>): void {
  assignDefined(look, body, WRITABLE_LOOK_FIELDS);
  if (body.folder_id != null) look.folder_id = findOr422(ctx.core.state.folders, body.folder_id, 'folder_id', 'Folder').id;
  if (body.user_id != null) look.user_id = findOr422(ctx.core.state.users, body.user_id, 'user_id', 'User').id;
  if (body.query_id != null) look.query_id = findOr422(ctx.core.state.queries, body.query_id, 'query_id', 'Query').id;
  applyTrashState(ctx, look, body.deleted);
}

export const lookHandlers: HandlerTable = {
  all_looks: (ctx) => sortById(Object.values(ctx.core.state.looks).filter((l) => !l.deleted)).map((l) => presentLook(ctx, l, false)),
  look: (ctx) => presentLook(ctx, lookOr404(ctx), true),
  search_looks: (ctx) => {
    const records = sortById(Object.values(ctx.core.state.looks));
    const scoped = ctx.params.has('deleted') ? records : records.filter((l) => !l.deleted);
    const { page, reply } = search(ctx, scoped, {
      criteria: ['id', 'title', 'description', 'content_favorite_id', 'folder_id', 'user_id', 'view_count', 'deleted', 'query_id', 'last_viewed_at'],
    });
    return reply(page.map((l) => presentLook(ctx, l, false)));
  },
  create_look: (ctx) => {
    const body = ctx.body ?? {};
    const title = requireString(body, 'title');
    const query = findOr422(ctx.core.state.queries, requireString(body, 'query_id'), 'query_id', 'Query');
    const folderId = body.folder_id ?? ctx.user.personal_folder_id;
    findOr422(ctx.core.state.folders, folderId, 'folder_id', 'Folder');
    const look = insertLook(ctx.core.state, { title, folder_id: folderId, user_id: ctx.user.id, query_id: query.id }, nowIso(ctx));
    assignDefined(look, body, WRITABLE_LOOK_FIELDS);
    return presentLook(ctx, look, true);
  },
  update_look: (ctx) => {
    const look = lookOr404(ctx);
    applyLookUpdate(ctx, look, ctx.body ?? {});
    return presentLook(ctx, look, true);
  },
  delete_look: (ctx) => {
    const look = lookOr404(ctx);
    delete ctx.core.state.looks[look.id];
    return Reply.empty(204);
  },
  move_look: (ctx) => {
    const look = lookOr404(ctx);
    const folderId = ctx.params.string('folder_id');
    findOr422(ctx.core.state.folders, folderId, 'folder_id', 'Folder');
    if (look.folder_id === folderId) throw invalidField('folder_id', `Look is already in folder ${folderId}`);
    applyLookUpdate(ctx, look, { folder_id: folderId });
    return presentLook(ctx, look, true);
  },
};
