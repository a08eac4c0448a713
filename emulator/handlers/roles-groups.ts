/** Roles (read-only, from the seed), groups and group membership. */
import type { IGroup, IRole } from '@looker/sdk';
import type { HandlerTable, RequestContext } from '../core/context';
import { conflict, invalidField } from '../core/errors';
import { Reply } from '../core/reply';
import { paginate, search } from '../core/search';
import { nextId, type GroupRecord, type RoleRecord } from '../core/state';
import { CAN, byIds, findOr404, requireAdmin, requireString, sortById, type Wire } from './common';
import { presentUser } from './users';

export function presentRole(ctx: RequestContext, role: RoleRecord): Wire<IRole> {
  return {
    can: CAN,
    id: role.id,
    name: role.name,
    permission_set: {
      can: CAN,
      all_access: role.permissions.includes('administer'),
      built_in: role.built_in,
      id: role.permission_set_id ?? role.id,
      name: role.name,
      permissions: role.permissions,
      url: null,
    },
    permission_set_id: role.permission_set_id ?? role.id,
    model_set: { can: CAN, all_access: role.models.includes('*'), built_in: role.built_in, id: role.model_set_id ?? role.id, models: role.models, name: role.name, url: null },
    model_set_id: role.model_set_id ?? role.id,
    internal: false,
    url: `${ctx.origin}/api/4.0/roles/${role.id}`,
    users_url: `${ctx.origin}/api/4.0/roles/${role.id}/users`,
  };
}

export function presentGroup(ctx: RequestContext, group: GroupRecord): Wire<IGroup> {
  return {
    can: CAN,
    can_add_to_content_metadata: true,
    contains_current_user: group.user_ids.includes(ctx.user.id),
    external_group_id: null,
    externally_managed: false,
    id: group.id,
    include_by_default: false,
    name: group.name,
    user_count: group.user_ids.length,
  };
}

function assertUniqueGroupName(ctx: RequestContext, name: string, exceptId?: string) {
  const clash = Object.values(ctx.core.state.groups).find((g) => g.id !== exceptId && g.name.toLowerCase() === name.toLowerCase());
  if (clash) throw conflict(`A group named "${name}" already exists`);
}

/** search_groups and its variants (with roles, with hierarchy) filter alike. */
export function searchGroups(ctx: RequestContext) {
  return search(ctx, sortById(Object.values(ctx.core.state.groups)), {
    criteria: ['id', 'name', 'external_group_id', 'externally_managed', 'externally_orphaned'],
    accessor: (g, field) => (field === 'externally_managed' || field === 'externally_orphaned' ? false : field === 'external_group_id' ? null : (g as unknown as Record<string, unknown>)[field]),
  });
}

const roleField = (role: RoleRecord, field: string): unknown =>
  field === 'built_in' ? role.built_in : field === 'model_set_ids' || field === 'permission_set_ids' ? role.id : (role as unknown as Record<string, unknown>)[field];

export const roleGroupHandlers: HandlerTable = {
  all_roles: (ctx) => byIds(sortById(Object.values(ctx.core.state.roles)), ctx.params.list('ids')).map((r) => presentRole(ctx, r)),
  role: (ctx) => presentRole(ctx, findOr404(ctx.core.state.roles, ctx.params.string('role_id'), 'Role')),
  search_roles: (ctx) => {
    const { page, reply } = search(ctx, sortById(Object.values(ctx.core.state.roles)), {
      criteria: ['id', 'name', 'built_in', 'model_set_ids', 'permission_set_ids'],
      accessor: roleField,
    });
    return reply(page.map((r) => presentRole(ctx, r)));
  },
  role_users: (ctx) => {
    const role = findOr404(ctx.core.state.roles, ctx.params.string('role_id'), 'Role');
    return sortById(Object.values(ctx.core.state.users))
      .filter((u) => u.role_ids.includes(role.id))
      .map((u) => presentUser(ctx, u));
  },

  all_groups: (ctx) => {
    const { page, reply } = paginate(ctx, byIds(sortById(Object.values(ctx.core.state.groups)), ctx.params.list('ids')));
    return reply(page.map((g) => presentGroup(ctx, g)));
  },
  search_groups: (ctx) => {
    const { page, reply } = searchGroups(ctx);
    return reply(page.map((g) => presentGroup(ctx, g)));
  },
  group: (ctx) => presentGroup(ctx, findOr404(ctx.core.state.groups, ctx.params.string('group_id'), 'Group')),
  create_group: (ctx) => {
    requireAdmin(ctx);
    const name = requireString(ctx.body, 'name');
    assertUniqueGroupName(ctx, name);
    const group: GroupRecord = { id: nextId(ctx.core.state, 'groups'), name, user_ids: [] };
    ctx.core.state.groups[group.id] = group;
    return presentGroup(ctx, group);
  },
  update_group: (ctx) => {
    requireAdmin(ctx);
    const group = findOr404(ctx.core.state.groups, ctx.params.string('group_id'), 'Group');
    if (ctx.body?.name !== undefined) {
      assertUniqueGroupName(ctx, String(ctx.body.name), group.id);
      group.name = String(ctx.body.name);
    }
    return presentGroup(ctx, group);
  },
  delete_group: (ctx) => {
    requireAdmin(ctx);
    const group = findOr404(ctx.core.state.groups, ctx.params.string('group_id'), 'Group');
    delete ctx.core.state.groups[group.id];
    // Nothing keeps pointing at a deleted group: neither a group that included it nor a role given to it.
    for (const other of Object.values(ctx.core.state.groups)) other.group_ids = other.group_ids?.filter((id) => id !== group.id);
    for (const role of Object.values(ctx.core.state.roles)) role.group_ids = role.group_ids?.filter((id) => id !== group.id);
    return Reply.empty(204);
  },
  all_group_users: (ctx) => {
    const group = findOr404(ctx.core.state.groups, ctx.params.string('group_id'), 'Group');
    const users = sortById(group.user_ids.map((id) => ctx.core.state.users[id]).filter(Boolean));
    const { page, reply } = paginate(ctx, users);
    return reply(page.map((u) => presentUser(ctx, u)));
  },
  add_group_user: (ctx) => {
    requireAdmin(ctx);
    const group = findOr404(ctx.core.state.groups, ctx.params.string('group_id'), 'Group');
    const userId = ctx.body?.user_id;
    if (!userId) throw invalidField('user_id', 'This field is required.', 'missing');
    const user = findOr404(ctx.core.state.users, String(userId), 'User');
    if (!group.user_ids.includes(user.id)) group.user_ids.push(user.id);
    return presentUser(ctx, user);
  },
  delete_group_user: (ctx) => {
    requireAdmin(ctx);
    const group = findOr404(ctx.core.state.groups, ctx.params.string('group_id'), 'Group');
    const userId = ctx.params.string('user_id');
    if (!group.user_ids.includes(userId)) throw findOr404({}, userId, 'User in group');
    group.user_ids = group.user_ids.filter((id) => id !== userId);
    return Reply.empty(204);
  },
};
