/**
 * Roles beyond the seed's: create, update and delete them, and assign them
 * to groups and users. Deleting a role removes its assignments. Permission
 * and model sets are engine records; a role copies their contents.
 */
import type { HandlerTable, RequestContext } from '../core/context';
import { conflict, invalidField } from '../core/errors';
import { Reply } from '../core/reply';
import { search } from '../core/search';
import { nextId, type RoleRecord } from '../core/state';
import { findRecord } from '../engine/store';
import { findOr404, findOr422, requireAdmin, requireString, sortById } from './common';
import { presentGroup, presentRole } from './roles-groups';
import { presentUser } from './users';

function setContents(ctx: RequestContext, model: 'PermissionSet' | 'ModelSet', field: string, id: unknown): { id: string; items: string[] } {
  const record = id == null ? undefined : findRecord(ctx.core.state, model, 'id', String(id));
  if (!record) throw invalidField(field, `${model === 'PermissionSet' ? 'Permission set' : 'Model set'} with id ${String(id)} does not exist`);
  const items = (model === 'PermissionSet' ? record.value.permissions : record.value.models) as string[] | null;
  return { id: String(id), items: items ?? [] };
}

function applyRoleBody(ctx: RequestContext, role: RoleRecord): void {
  const body = ctx.body ?? {};
  if (body.name !== undefined) {
    const name = String(body.name);
    const clash = Object.values(ctx.core.state.roles).find((r) => r.id !== role.id && r.name.toLowerCase() === name.toLowerCase());
    if (clash) throw conflict(`A role named "${name}" already exists`);
    role.name = name;
  }
  const permissionSetId = body.permission_set_id ?? body.permission_set?.id;
  if (permissionSetId !== undefined) {
    const set = setContents(ctx, 'PermissionSet', 'permission_set_id', permissionSetId);
    role.permission_set_id = set.id;
    role.permissions = set.items;
  }
  const modelSetId = body.model_set_id ?? body.model_set?.id;
  if (modelSetId !== undefined) {
    const set = setContents(ctx, 'ModelSet', 'model_set_id', modelSetId);
    role.model_set_id = set.id;
    role.models = set.items;
  }
}

const roleOr404 = (ctx: RequestContext) => findOr404(ctx.core.state.roles, ctx.params.string('role_id'), 'Role');

/** Groups that still exist, in id order. */
const groupsOf = (ctx: RequestContext, role: RoleRecord) =>
  sortById((role.group_ids ?? []).map((id) => ctx.core.state.groups[id]).filter(Boolean));

export const roleAssignmentHandlers: HandlerTable = {
  create_role: (ctx) => {
    requireAdmin(ctx);
    const role: RoleRecord = { id: nextId(ctx.core.state, 'roles'), name: requireString(ctx.body, 'name'), permissions: [], models: [], built_in: false, group_ids: [] };
    applyRoleBody(ctx, role);
    ctx.core.state.roles[role.id] = role;
    return presentRole(ctx, role);
  },
  update_role: (ctx) => {
    requireAdmin(ctx);
    const role = roleOr404(ctx);
    applyRoleBody(ctx, role);
    return presentRole(ctx, role);
  },
  delete_role: (ctx) => {
    requireAdmin(ctx);
    const role = roleOr404(ctx);
    if (role.built_in) throw invalidField('role_id', 'The Admin role cannot be deleted');
    delete ctx.core.state.roles[role.id];
    for (const user of Object.values(ctx.core.state.users)) user.role_ids = user.role_ids.filter((id) => id !== role.id);
    return Reply.empty(204);
  },
  role_groups: (ctx) => groupsOf(ctx, roleOr404(ctx)).map((g) => presentGroup(ctx, g)),
  set_role_groups: (ctx) => {
    requireAdmin(ctx);
    const role = roleOr404(ctx);
    const ids: string[] = (ctx.body ?? []).map(String);
    for (const id of ids) findOr422(ctx.core.state.groups, id, 'group_ids', 'Group');
    role.group_ids = [...new Set(ids)];
    return groupsOf(ctx, role).map((g) => presentGroup(ctx, g));
  },
  set_role_users: (ctx) => {
    requireAdmin(ctx);
    const role = roleOr404(ctx);
    const ids = new Set<string>((ctx.body ?? []).map(String));
    for (const id of ids) findOr422(ctx.core.state.users, id, 'user_ids', 'User');
    for (const user of Object.values(ctx.core.state.users)) {
      const has = user.role_ids.includes(role.id);
      if (ids.has(user.id) && !has) user.role_ids.push(role.id);
      if (!ids.has(user.id) && has) user.role_ids = user.role_ids.filter((id) => id !== role.id);
    }
    return sortById(Object.values(ctx.core.state.users)).filter((u) => ids.has(u.id)).map((u) => presentUser(ctx, u));
  },
  search_roles_with_user_count: (ctx) => {
    const users = Object.values(ctx.core.state.users);
    const { page, reply } = search(ctx, sortById(Object.values(ctx.core.state.roles)), { criteria: ['id', 'name', 'built_in'] });
    return reply(page.map((r) => ({ ...presentRole(ctx, r), user_count: users.filter((u) => u.role_ids.includes(r.id)).length })));
  },
};
