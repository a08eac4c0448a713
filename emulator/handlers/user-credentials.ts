/** API credentials of any user, and the name search admin tools use to find people. */
import type { HandlerTable, RequestContext } from '../core/context';
import { notFound } from '../core/errors';
import { addApiCredentials } from '../core/records';
import { Reply } from '../core/reply';
import { matchesValue, paginate, sortRecords } from '../core/search';
import type { ApiCredentialRecord, UserRecord } from '../core/state';
import { CAN, findOr404, nowIso, requireAdmin, sortById } from './common';
import { presentUser } from './users';

function presentApi3(ctx: RequestContext, user: UserRecord, c: ApiCredentialRecord, secret = false) {
  return {
    can: CAN,
    id: c.id,
    client_id: c.client_id,
    ...(secret ? { client_secret: c.client_secret } : {}),
    created_at: c.created_at,
    is_disabled: c.is_disabled,
    type: 'api3',
    url: `${ctx.origin}/api/4.0/users/${user.id}/credentials_api3/${c.id}`,
  };
}

const userOr404 = (ctx: RequestContext) => findOr404(ctx.core.state.users, ctx.params.string('user_id'), 'User');

function credentialOr404(ctx: RequestContext, user: UserRecord): ApiCredentialRecord {
  const credential = user.credentials_api3.find((c) => c.id === ctx.params.string('credentials_api3_id'));
  if (!credential) throw notFound('CredentialsApi3 not found');
  return credential;
}

/** Only admins manage other people's credentials. */
function ownOrAdmin(ctx: RequestContext, user: UserRecord): void {
  if (user.id !== ctx.user.id) requireAdmin(ctx);
}

export const userCredentialHandlers: HandlerTable = {
  search_users_names: (ctx) => {
    const pattern = ctx.params.string('pattern');
    const fields = ['id', 'first_name', 'last_name', 'email', 'is_disabled'];
    const users = sortById(Object.values(ctx.core.state.users)).filter((u) => {
      const full = `${u.first_name} ${u.last_name}`;
      // The pattern is matched against full name, first name, last name and email.
      if (![full, u.first_name, u.last_name, u.credentials_email?.email].some((v) => matchesValue(v, pattern))) return false;
      return fields.every((f) => {
        const wanted = ctx.params.optString(f);
        const actual = f === 'email' ? u.credentials_email?.email : (u as unknown as Record<string, unknown>)[f];
        return wanted === undefined || matchesValue(actual, wanted);
      });
    });
    const sorted = sortRecords(users, ctx.params.optString('sorts'), (u, f) => (u as unknown as Record<string, unknown>)[f]);
    const { page, reply } = paginate(ctx, sorted);
    return reply(page.map((u) => presentUser(ctx, u)));
  },
  all_user_credentials_api3s: (ctx) => {
    const user = userOr404(ctx);
    ownOrAdmin(ctx, user);
    return user.credentials_api3.map((c) => presentApi3(ctx, user, c));
  },
  user_credentials_api3: (ctx) => {
    const user = userOr404(ctx);
    ownOrAdmin(ctx, user);
    return presentApi3(ctx, user, credentialOr404(ctx, user));
  },
  create_user_credentials_api3: (ctx) => {
    const user = userOr404(ctx);
    ownOrAdmin(ctx, user);
    // The secret is shown once, in this answer only.
    return presentApi3(ctx, user, addApiCredentials(ctx.core.state, user, nowIso(ctx)), true);
  },
  update_user_credentials_api3: (ctx) => {
    const user = userOr404(ctx);
    ownOrAdmin(ctx, user);
    const credential = credentialOr404(ctx, user);
    // `purpose`, the one writable property, is kept with the record's other sent properties.
    return presentApi3(ctx, user, credential);
  },
  delete_user_credentials_api3: (ctx) => {
    const user = userOr404(ctx);
    ownOrAdmin(ctx, user);
    const credential = credentialOr404(ctx, user);
    user.credentials_api3 = user.credentials_api3.filter((c) => c !== credential);
    return Reply.empty(204);
  },
};
