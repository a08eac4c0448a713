/**
 * Embed users and email identities: create_embed_user makes a real user with
 * embed credentials (engine CredentialsEmbed records, so the credential
 * operations see them), wipeout_user_emails rewrites a disabled user's
 * email, search_credentials_email finds users by email.
 */
import type { HandlerTable, RequestContext } from '../core/context';
import { invalidField, missingField } from '../core/errors';
import { insertUser } from '../core/records';
import { search } from '../core/search';
import type { UserRecord } from '../core/state';
import { collection, insertRecord, nextEngineId } from '../engine/store';
import { CAN, findOr404, nowIso, requireAdmin, sortById } from './common';
import { EMBED } from './embed-credentials';
import { presentEmail, presentUser, setEmail } from './users';

const emailOf = (u: UserRecord) => u.credentials_email?.email ?? '';

export const userEmbedHandlers: HandlerTable = {
  create_embed_user: (ctx) => {
    requireAdmin(ctx);
    const external = ctx.body?.external_user_id;
    if (typeof external !== 'string' || !external) throw missingField('external_user_id');
    const existing = collection(ctx.core.state, EMBED).find((r) => r.value.external_user_id === external);
    const user = existing
      ? ctx.core.state.users[existing.links.user_id]
      : insertUser(ctx.core.state, { first_name: '', last_name: '' }, nowIso(ctx));
    if (!existing) insertRecord(ctx.core.state, EMBED, { id: nextEngineId(ctx.core.state, EMBED), external_user_id: external, external_group_id: null, created_at: nowIso(ctx) }, { user_id: user.id });
    return { can: CAN, id: user.id, first_name: user.first_name, last_name: user.last_name, display_name: null, url: `${ctx.origin}/api/4.0/users/${user.id}` };
  },
  wipeout_user_emails: (ctx) => {
    requireAdmin(ctx);
    const user = findOr404(ctx.core.state.users, ctx.params.string('user_id'), 'User');
    if (!user.is_disabled) throw invalidField('user_id', 'Emails can be changed only for a disabled user');
    if (!ctx.body?.email) throw missingField('email');
    setEmail(ctx, user, !user.credentials_email);
    return presentUser(ctx, user);
  },
  search_credentials_email: (ctx) => {
    const withEmail = sortById(Object.values(ctx.core.state.users)).filter((u) => u.credentials_email);
    const { page, reply } = search(ctx, withEmail, {
      criteria: ['id', 'email', 'emails'],
      accessor: (u, field) => (field === 'email' ? emailOf(u) : (u as unknown as Record<string, unknown>)[field]),
      custom: { emails: (u, text) => text.split(',').map((e) => e.trim().toLowerCase()).includes(emailOf(u).toLowerCase()) },
    });
    return reply(page.map((u) => presentEmail(ctx, u)));
  },
};
