/** Users, their email/API credentials, roles and user attribute values. */
import type { ICredentialsEmail, IUser, IUserAttributeWithValue } from '@looker/sdk';
import type { HandlerTable, RequestContext } from '../core/context';
import { conflict, forbidden, invalidField, notFound } from '../core/errors';
import { insertUser } from '../core/records';
import { Reply } from '../core/reply';
import { search, paginate } from '../core/search';
import type { EmulatorState, UserRecord } from '../core/state';
import { presentRole } from './roles-groups';
import { embedCredentials, embedRecords } from './embed-credentials';
import { groupValueFor } from './user-attribute-groups';
import { CAN, assignDefined, byIds, displayName, findOr404, findOr422, nowIso, requireAdmin, sortById, type Wire } from './common';

const PASSWORD_RESET_TTL_MS = 60 * 60 * 1000;

export function groupIdsOf(state: EmulatorState, userId: string): string[] {
  return Object.values(state.groups)
    .filter((g) => g.user_ids.includes(userId))
    .map((g) => g.id);
}

export function presentEmail(ctx: RequestContext, user: UserRecord): Wire<ICredentialsEmail> | null {
  const email = user.credentials_email;
  if (!email) return null;
  const resetExpired = !email.password_reset_expires_at || Date.parse(email.password_reset_expires_at) < ctx.core.clock.now().getTime();
  return {
    can: CAN,
    created_at: email.created_at,
    email: email.email,
    forced_password_reset_at_next_login: email.forced_password_reset_at_next_login,
    user_id: user.id,
    is_disabled: user.is_disabled,
    logged_in_at: email.logged_in_at,
    password_reset_url: email.password_reset_token ? `${ctx.origin}/password/reset/${email.password_reset_token}` : null,
    account_setup_url: null,
    password_reset_url_expired: resetExpired,
    account_setup_url_expired: true,
    type: 'email',
    url: `${ctx.origin}/api/4.0/users/${user.id}/credentials_email`,
    user_url: `${ctx.origin}/api/4.0/users/${user.id}`,
  };
}

export function presentUser(ctx: RequestContext, user: UserRecord): Wire<IUser> {
  return {
    can: CAN,
    avatar_url: null,
    avatar_url_without_sizing: null,
    credentials_api3: user.credentials_api3.map((c) => ({
      can: CAN,
      id: c.id,
      client_id: c.client_id,
      created_at: c.created_at,
      is_disabled: c.is_disabled,
      type: 'api3',
      purpose: null,
      url: `${ctx.origin}/api/4.0/users/${user.id}/credentials_api3/${c.id}`,
    })),
    credentials_email: presentEmail(ctx, user),
    credentials_embed: embedCredentials(ctx, user.id),
    display_name: displayName(user),
    email: user.credentials_email?.email ?? null,
    first_name: user.first_name,
    last_name: user.last_name,
    group_ids: groupIdsOf(ctx.core.state, user.id),
    home_folder_id: user.home_folder_id,
    personal_folder_id: user.personal_folder_id,
    id: user.id,
    is_disabled: user.is_disabled,
    locale: user.locale,
    role_ids: [...user.role_ids],
    presumed_looker_employee: false,
    verified_looker_employee: false,
    roles_externally_managed: false,
    allow_direct_roles: true,
    allow_normal_group_membership: true,
    allow_roles_from_normal_groups: true,
    is_iam_admin: false,
    can_manage_api3_creds: true,
    is_service_account: user.is_service_account ?? false,
    url: `${ctx.origin}/api/4.0/users/${user.id}`,
  };
}

const WRITABLE_USER_FIELDS = ['first_name', 'last_name', 'is_disabled', 'locale', 'home_folder_id'] as const;

/** Fields a search can filter on; computed ones are resolved here. */
function userField(state: EmulatorState) {
  return (user: UserRecord, field: string): unknown => {
    switch (field) {
      case 'email':
        return user.credentials_email?.email ?? null;
      case 'full_name':
        return `${user.first_name} ${user.last_name}`;
      case 'group_id':
        return groupIdsOf(state, user.id);
      case 'role_id':
        return user.role_ids;
      case 'embed_user':
        return embedRecords(state, user.id).length > 0;
      case 'is_service_account':
        return user.is_service_account ?? false;
      case 'verified_looker_employee':
        return false;
      case 'can_manage_api3_creds':
        return true;
      default:
        return (user as unknown as Record<string, unknown>)[field];
    }
  };
}

function userOr404(ctx: RequestContext): UserRecord {
  return findOr404(ctx.core.state.users, ctx.params.string('user_id'), 'User');
}

function emailOwner(state: EmulatorState, email: string): UserRecord | undefined {
  return Object.values(state.users).find((u) => u.credentials_email?.email.toLowerCase() === email.toLowerCase());
}

export function setEmail(ctx: RequestContext, user: UserRecord, create: boolean): Wire<ICredentialsEmail> {
  const body = ctx.body ?? {};
  if (create && user.credentials_email) throw conflict('Email credentials already exist for this user');
  if (!create && !user.credentials_email) throw notFound('Email credentials not found');
  const email = body.email === undefined ? user.credentials_email?.email : String(body.email);
  if (!email || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) throw invalidField('email', 'must be a valid email address');
  const owner = emailOwner(ctx.core.state, email);
  if (owner && owner.id !== user.id) throw conflict(`Email ${email} is already in use by another user`);
  user.credentials_email = {
    created_at: user.credentials_email?.created_at ?? nowIso(ctx),
    logged_in_at: user.credentials_email?.logged_in_at ?? null,
    password_reset_token: user.credentials_email?.password_reset_token ?? null,
    password_reset_expires_at: user.credentials_email?.password_reset_expires_at ?? null,
    email,
    forced_password_reset_at_next_login: body.forced_password_reset_at_next_login ?? user.credentials_email?.forced_password_reset_at_next_login ?? false,
  };
  return presentEmail(ctx, user)!;
}

function resetPassword(ctx: RequestContext): Wire<ICredentialsEmail> {
  const user = userOr404(ctx);
  if (!user.credentials_email) throw notFound('Email credentials not found');
  const token = Buffer.from(`${user.id}:${ctx.core.clock.now().getTime()}:${Math.random()}`).toString('base64url');
  user.credentials_email.password_reset_token = token;
  user.credentials_email.password_reset_expires_at = new Date(ctx.core.clock.now().getTime() + PASSWORD_RESET_TTL_MS).toISOString();
  return presentEmail(ctx, user)!;
}

function presentAttributeValue(ctx: RequestContext, user: UserRecord, attributeId: string): Wire<IUserAttributeWithValue> {
  const attribute = ctx.core.state.user_attributes[attributeId];
  const direct = user.attribute_values[attributeId];
  const fromGroup = direct === undefined ? groupValueFor(ctx.core.state, user.id, attributeId) : undefined;
  return {
    can: CAN,
    name: attribute.name,
    label: attribute.label,
    rank: direct !== undefined ? 1 : fromGroup?.rank ?? 0,
    value: direct ?? fromGroup?.value ?? attribute.default_value,
    user_id: user.id,
    user_can_edit: attribute.user_can_edit,
    value_is_hidden: attribute.value_is_hidden,
    user_attribute_id: attribute.id,
    source: direct !== undefined ? 'user' : fromGroup ? 'group' : 'default',
    hidden_value_domain_whitelist: null,
  };
}

export const userHandlers: HandlerTable = {
  me: (ctx) => presentUser(ctx, ctx.user),

  all_users: (ctx) => {
    const users = byIds(sortById(Object.values(ctx.core.state.users)), ctx.params.list('ids'));
    const { page, reply } = paginate(ctx, users);
    return reply(page.map((u) => presentUser(ctx, u)));
  },

  search_users: (ctx) => {
    const { page, reply } = search(ctx, sortById(Object.values(ctx.core.state.users)), {
      criteria: ['id', 'first_name', 'last_name', 'full_name', 'email', 'is_disabled', 'group_id', 'embed_user', 'verified_looker_employee', 'can_manage_api3_creds', 'is_service_account'],
      accessor: userField(ctx.core.state),
    });
    return reply(page.map((u) => presentUser(ctx, u)));
  },

  user: (ctx) => presentUser(ctx, userOr404(ctx)),

  create_user: (ctx) => {
    requireAdmin(ctx);
    const body = ctx.body ?? {};
    const user = insertUser(ctx.core.state, { first_name: body.first_name ?? '', last_name: body.last_name ?? '' }, nowIso(ctx));
    assignDefined(user, body, WRITABLE_USER_FIELDS);
    return presentUser(ctx, user);
  },

  update_user: (ctx) => {
    const user = userOr404(ctx);
    if (user.id !== ctx.user.id) requireAdmin(ctx);
    if (ctx.body?.home_folder_id) findOr422(ctx.core.state.folders, ctx.body.home_folder_id, 'home_folder_id', 'Folder');
    assignDefined(user, ctx.body, WRITABLE_USER_FIELDS);
    return presentUser(ctx, user);
  },

  delete_user: (ctx) => {
    requireAdmin(ctx);
    const user = userOr404(ctx);
    if (user.id === ctx.user.id) throw forbidden('You cannot delete yourself');
    delete ctx.core.state.users[user.id];
    for (const group of Object.values(ctx.core.state.groups)) group.user_ids = group.user_ids.filter((id) => id !== user.id);
    return Reply.empty(204);
  },

  user_for_credential: (ctx) => {
    const type = ctx.params.string('credential_type');
    const credentialId = ctx.params.string('credential_id');
    const user = Object.values(ctx.core.state.users).find((u) =>
      type === 'email'
        ? u.credentials_email?.email.toLowerCase() === credentialId.toLowerCase()
        : type === 'api3'
          ? u.credentials_api3.some((c) => c.client_id === credentialId || c.id === credentialId)
          : false,
    );
    if (!user) throw notFound('User not found');
    return presentUser(ctx, user);
  },

  user_credentials_email: (ctx) => {
    const found = presentEmail(ctx, userOr404(ctx));
    if (!found) throw notFound('Email credentials not found');
    return found;
  },
  create_user_credentials_email: (ctx) => setEmail(ctx, userOr404(ctx), true),
  update_user_credentials_email: (ctx) => setEmail(ctx, userOr404(ctx), false),
  delete_user_credentials_email: (ctx) => {
    const user = userOr404(ctx);
    if (!user.credentials_email) throw notFound('Email credentials not found');
    user.credentials_email = null;
    return Reply.empty(204);
  },
  send_user_credentials_email_password_reset: resetPassword,
  create_user_credentials_email_password_reset: resetPassword,

  user_roles: (ctx) => {
    const user = userOr404(ctx);
    // Roles also come through groups, unless only direct assignments are asked for.
    const groups = ctx.params.bool('direct_association_only') === true ? [] : groupIdsOf(ctx.core.state, user.id);
    const viaGroups = Object.values(ctx.core.state.roles).filter((r) => r.group_ids?.some((g) => groups.includes(g))).map((r) => r.id);
    return [...new Set([...user.role_ids, ...viaGroups])].map((id) => ctx.core.state.roles[id]).filter(Boolean).map((r) => presentRole(ctx, r));
  },

  set_user_roles: (ctx) => {
    requireAdmin(ctx);
    const user = userOr404(ctx);
    const roleIds: string[] = (ctx.body ?? []).map(String);
    for (const id of roleIds) findOr422(ctx.core.state.roles, id, 'role_ids', 'Role');
    user.role_ids = [...new Set(roleIds)];
    return user.role_ids.map((id) => presentRole(ctx, ctx.core.state.roles[id]));
  },

  user_attribute_user_values: (ctx) => {
    const user = userOr404(ctx);
    const wanted = ctx.params.list('user_attribute_ids');
    const includeUnset = ctx.params.bool('include_unset') === true || ctx.params.bool('all_values') === true;
    return sortById(Object.values(ctx.core.state.user_attributes))
      .filter((a) => !wanted || wanted.includes(a.id))
      .filter((a) => includeUnset || user.attribute_values[a.id] !== undefined || groupValueFor(ctx.core.state, user.id, a.id) || a.default_value !== null)
      .map((a) => presentAttributeValue(ctx, user, a.id));
  },

  set_user_attribute_user_value: (ctx) => {
    const user = userOr404(ctx);
    const attribute = findOr404(ctx.core.state.user_attributes, ctx.params.string('user_attribute_id'), 'User attribute');
    if (ctx.body?.value === undefined || ctx.body.value === null) throw invalidField('value', 'This field is required.', 'missing');
    user.attribute_values[attribute.id] = String(ctx.body.value);
    return presentAttributeValue(ctx, user, attribute.id);
  },

  delete_user_attribute_user_value: (ctx) => {
    const user = userOr404(ctx);
    findOr404(ctx.core.state.user_attributes, ctx.params.string('user_attribute_id'), 'User attribute');
    delete user.attribute_values[ctx.params.string('user_attribute_id')];
    return Reply.empty(204);
  },
};
