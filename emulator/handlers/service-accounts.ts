/** Service accounts: users marked as such, named by their service account name, with API credentials of their own. */
import type { HandlerTable, RequestContext } from '../core/context';
import { missingField } from '../core/errors';
import { insertUser } from '../core/records';
import { Reply } from '../core/reply';
import type { UserRecord } from '../core/state';
import { CAN, findOr404, nowIso, requireAdmin } from './common';
import { groupIdsOf, presentUser } from './users';

function present(ctx: RequestContext, user: UserRecord) {
  return {
    can: CAN, id: user.id, service_account_name: user.first_name, is_service_account: true, is_disabled: user.is_disabled,
    group_ids: groupIdsOf(ctx.core.state, user.id), role_ids: [...user.role_ids], credentials_api3: presentUser(ctx, user).credentials_api3,
    created_at: user.created_at, url: `${ctx.origin}/api/4.0/users/${user.id}`,
  };
}

function serviceAccountOr404(ctx: RequestContext): UserRecord {
  const user = findOr404(ctx.core.state.users, ctx.params.string('user_id'), 'Service account');
  if (!user.is_service_account) throw findOr404({}, user.id, 'Service account');
  return user;
}

export const serviceAccountHandlers: HandlerTable = {
  create_service_account: (ctx) => {
    requireAdmin(ctx);
    const name = ctx.body?.service_account_name;
    if (typeof name !== 'string' || !name) throw missingField('service_account_name');
    const user = insertUser(ctx.core.state, { first_name: name, last_name: '', is_service_account: true, is_disabled: ctx.body?.is_disabled === true }, nowIso(ctx));
    return present(ctx, user);
  },
  update_service_account: (ctx) => {
    requireAdmin(ctx);
    const user = serviceAccountOr404(ctx);
    if (typeof ctx.body?.service_account_name === 'string') user.first_name = ctx.body.service_account_name;
    if (typeof ctx.body?.is_disabled === 'boolean') user.is_disabled = ctx.body.is_disabled;
    return present(ctx, user);
  },
  delete_service_account: (ctx) => {
    requireAdmin(ctx);
    const user = serviceAccountOr404(ctx);
    delete ctx.core.state.users[user.id];
    for (const group of Object.values(ctx.core.state.groups)) group.user_ids = group.user_ids.filter((id) => id !== user.id);
    return Reply.empty(204);
  },
};
