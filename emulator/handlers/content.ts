/** Content metadata (access control tree), access grants and content views. */
import type { IContentMeta, IContentMetaGroupUser, IContentView } from '@looker/sdk';
import type { HandlerTable, RequestContext } from '../core/context';
import { invalidField } from '../core/errors';
import { Reply } from '../core/reply';
import { search } from '../core/search';
import { nextId, type ContentMetadataAccessRecord, type ContentMetadataRecord, type ContentRecord } from '../core/state';
import { CAN, findOr404, findOr422, sortById, type Wire } from './common';

export function presentContentMetadata(record: ContentMetadataRecord): Wire<IContentMeta> {
  return { can: CAN, ...record, homepage_id: null, agent_id: null, slug: null };
}

function presentAccess(record: ContentMetadataAccessRecord): Wire<IContentMetaGroupUser> {
  return { can: CAN, ...record };
}

/** One ContentView row per dashboard/look, carrying its view statistics. */
function contentViews(ctx: RequestContext): (IContentView & { id: string })[] {
  const { state } = ctx.core;
  const row = (content: ContentRecord, kind: 'dashboard' | 'look', index: number) => ({
    can: CAN,
    id: `${kind === 'dashboard' ? 'd' : 'l'}${index}`,
    look_id: kind === 'look' ? content.id : null,
    dashboard_id: kind === 'dashboard' ? content.id : null,
    title: content.title,
    content_metadata_id: content.content_metadata_id,
    user_id: content.user_id,
    group_id: null,
    view_count: content.view_count,
    favorite_count: content.favorite_count,
    last_viewed_at: content.last_viewed_at,
    start_of_week_date: content.last_viewed_at ? content.last_viewed_at.slice(0, 10) : null,
  });
  return [
    ...Object.values(state.dashboards).filter((d) => d.view_count > 0).map((d, i) => row(d, 'dashboard', i + 1)),
    ...Object.values(state.looks).filter((l) => l.view_count > 0).map((l, i) => row(l, 'look', i + 1)),
  ];
}

export const contentHandlers: HandlerTable = {
  content_metadata: (ctx) => presentContentMetadata(findOr404(ctx.core.state.content_metadata, ctx.params.string('content_metadata_id'), 'Content metadata')),
  all_content_metadatas: (ctx) => {
    const parentId = ctx.params.string('parent_id');
    return sortById(Object.values(ctx.core.state.content_metadata).filter((c) => c.parent_id === parentId)).map(presentContentMetadata);
  },
  update_content_metadata: (ctx) => {
    const record = findOr404(ctx.core.state.content_metadata, ctx.params.string('content_metadata_id'), 'Content metadata');
    if (typeof ctx.body?.inherits === 'boolean') {
      record.inherits = ctx.body.inherits && record.parent_id !== null;
      record.inheriting_id = record.inherits ? record.parent_id : null;
    }
    return presentContentMetadata(record);
  },
  all_content_metadata_accesses: (ctx) => {
    const id = ctx.params.string('content_metadata_id');
    return sortById(Object.values(ctx.core.state.content_metadata_access).filter((a) => a.content_metadata_id === id)).map(presentAccess);
  },
  create_content_metadata_access: (ctx) => {
    const body = ctx.body ?? {};
    const metadata = findOr422(ctx.core.state.content_metadata, body.content_metadata_id, 'content_metadata_id', 'Content metadata');
    if (!['view', 'edit'].includes(body.permission_type)) throw invalidField('permission_type', 'must be view or edit');
    if (!body.group_id === !body.user_id) throw invalidField('group_id', 'exactly one of group_id or user_id is required');
    if (body.group_id) findOr422(ctx.core.state.groups, body.group_id, 'group_id', 'Group');
    if (body.user_id) findOr422(ctx.core.state.users, body.user_id, 'user_id', 'User');
    const record: ContentMetadataAccessRecord = {
      id: nextId(ctx.core.state, 'content_metadata_access'),
      content_metadata_id: metadata.id,
      permission_type: body.permission_type,
      group_id: body.group_id ?? null,
      user_id: body.user_id ?? null,
    };
    ctx.core.state.content_metadata_access[record.id] = record;
    return presentAccess(record);
  },
  update_content_metadata_access: (ctx) => {
    const record = findOr404(ctx.core.state.content_metadata_access, ctx.params.string('content_metadata_access_id'), 'Content metadata access');
    if (ctx.body?.permission_type) record.permission_type = ctx.body.permission_type;
    return presentAccess(record);
  },
  delete_content_metadata_access: (ctx) => {
    const record = findOr404(ctx.core.state.content_metadata_access, ctx.params.string('content_metadata_access_id'), 'Content metadata access');
    delete ctx.core.state.content_metadata_access[record.id];
    return Reply.empty(204);
  },
  search_content_views: (ctx) => {
    const { page, reply } = search(ctx, contentViews(ctx), {
      criteria: ['view_count', 'group_id', 'look_id', 'dashboard_id', 'content_metadata_id', 'start_of_week_date', 'user_id'],
      custom: { all_time: () => true },
    });
    return reply(page);
  },
};
