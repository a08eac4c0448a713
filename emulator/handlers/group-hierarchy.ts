/** Groups in groups, and the group searches that show roles and parents. */
import type { HandlerTable, RequestContext } from '../core/context';
import { invalidField } from '../core/errors';
import { Reply } from '../core/reply';
import type { GroupRecord } from '../core/state';
import { findOr404, findOr422, requireAdmin, sortById } from './common';
import { presentGroup, presentRole, searchGroups } from './roles-groups';

const groupOr404 = (ctx: RequestContext) => findOr404(ctx.core.state.groups, ctx.params.string('group_id'), 'Group');

const parentIds = (ctx: RequestContext, group: GroupRecord) =>
  sortById(Object.values(ctx.core.state.groups)).filter((g) => g.group_ids?.includes(group.id)).map((g) => g.id);

const roleIds = (ctx: RequestContext, group: GroupRecord) =>
  sortById(Object.values(ctx.core.state.roles)).filter((r) => r.group_ids?.includes(group.id)).map((r) => r.id);

export const groupHierarchyHandlers: HandlerTable = {
  all_group_groups: (ctx) => {
    const group = groupOr404(ctx);
    return sortById((group.group_ids ?? []).map((id) => ctx.core.state.groups[id]).filter(Boolean)).map((g) => presentGroup(ctx, g));
  },
  add_group_group: (ctx) => {
    requireAdmin(ctx);
    const group = groupOr404(ctx);
    if (!ctx.body?.group_id) throw invalidField('group_id', 'This field is required.', 'missing');
    const included = findOr422(ctx.core.state.groups, String(ctx.body.group_id), 'group_id', 'Group');
    if (included.id === group.id) throw invalidField('group_id', 'A group cannot include itself');
    group.group_ids = [...new Set([...(group.group_ids ?? []), included.id])];
    return presentGroup(ctx, included);
  },
  delete_group_from_group: (ctx) => {
    requireAdmin(ctx);
    const group = groupOr404(ctx);
    const id = ctx.params.string('deleting_group_id');
    if (!group.group_ids?.includes(id)) throw findOr404({}, id, 'Group in group');
    group.group_ids = group.group_ids.filter((g) => g !== id);
    return Reply.empty(204);
  },
  search_groups_with_roles: (ctx) => {
    const { page, reply } = searchGroups(ctx);
    return reply(page.map((g) => ({ ...presentGroup(ctx, g), roles: roleIds(ctx, g).map((id) => presentRole(ctx, ctx.core.state.roles[id])) })));
  },
  search_groups_with_hierarchy: (ctx) => {
    const { page, reply } = searchGroups(ctx);
    return reply(page.map((g) => ({ ...presentGroup(ctx, g), parent_group_ids: parentIds(ctx, g), role_ids: roleIds(ctx, g) })));
  },
};
