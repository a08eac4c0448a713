/** A user's API sessions: one per live access token, ended by deleting it. */
import type { HandlerTable, RequestContext } from '../core/context';
import type { TokenRecord } from '../core/auth';
import { notFound } from '../core/errors';
import { Reply } from '../core/reply';
import { CAN, findOr404, requireAdmin } from './common';

function presentSession(ctx: RequestContext, token: TokenRecord) {
  return {
    can: CAN,
    id: token.id,
    ip_address: '127.0.0.1',
    browser: null,
    operating_system: null,
    city: null,
    state: null,
    country: null,
    credentials_type: 'api3',
    extended_at: null,
    extended_count: 0,
    sudo_user_id: token.sudoBy,
    created_at: new Date(token.issuedMs).toISOString(),
    expires_at: new Date(token.expiresMs).toISOString(),
    url: `${ctx.origin}/api/4.0/users/${token.userId}/sessions/${token.id}`,
  };
}

function sessionsOf(ctx: RequestContext): TokenRecord[] {
  const user = findOr404(ctx.core.state.users, ctx.params.string('user_id'), 'User');
  if (user.id !== ctx.user.id) requireAdmin(ctx);
  return ctx.core.tokens.forUser(user.id, ctx.core.clock.wallMs());
}

function sessionOr404(ctx: RequestContext): TokenRecord {
  const token = sessionsOf(ctx).find((t) => t.id === ctx.params.string('session_id'));
  if (!token) throw notFound('Session not found');
  return token;
}

export const sessionListHandlers: HandlerTable = {
  all_user_sessions: (ctx) => sessionsOf(ctx).map((t) => presentSession(ctx, t)),
  user_session: (ctx) => presentSession(ctx, sessionOr404(ctx)),
  delete_user_session: (ctx) => {
    ctx.core.tokens.revoke(sessionOr404(ctx).token);
    return Reply.empty(204);
  },
};
