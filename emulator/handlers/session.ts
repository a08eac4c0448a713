/** /login, sudo, /logout and /versions. */
import type { IAccessToken, IApiVersion } from '@looker/sdk';
import type { HandlerTable, RequestContext } from '../core/context';
import { ApiError, forbidden, notFound } from '../core/errors';
import { Reply } from '../core/reply';
import { loadSpec } from '../core/spec';
import type { TokenRecord } from '../core/auth';
import { recordApiLogin } from '../query/activity-columns';
import { findOr404, isAdmin, type Wire } from './common';

function accessToken(ctx: RequestContext, token: TokenRecord): Wire<IAccessToken> {
  return {
    access_token: token.token,
    token_type: 'Bearer',
    expires_in: Math.round((token.expiresMs - ctx.core.clock.wallMs()) / 1000),
    refresh_token: null,
  };
}

export const sessionHandlers: HandlerTable = {
  login: (ctx) => {
    // Form body as the SDK sends it; query parameters are accepted too.
    const clientId = ctx.body?.client_id ?? ctx.params.optString('client_id');
    const clientSecret = ctx.body?.client_secret ?? ctx.params.optString('client_secret');
    const user = Object.values(ctx.core.state.users).find((u) =>
      u.credentials_api3.some((c) => c.client_id === clientId && c.client_secret === clientSecret && !c.is_disabled),
    );
    if (!clientId || !clientSecret || !user || user.is_disabled) throw notFound('Not found');
    const token = ctx.core.tokens.issue(user.id, ctx.core.config.tokenTtlSeconds, ctx.core.clock.wallMs());
    recordApiLogin(ctx.core.state, user.id, ctx.core.clock.now().toISOString());
    return accessToken(ctx, token);
  },

  login_user: (ctx) => {
    if (!isAdmin(ctx.core.state, ctx.user)) throw forbidden('Sudo requires the administer permission');
    const target = findOr404(ctx.core.state.users, ctx.params.string('user_id'), 'User');
    if (target.is_disabled) throw new ApiError(403, 'Cannot sudo as a disabled user');
    const token = ctx.core.tokens.issue(target.id, ctx.core.config.tokenTtlSeconds, ctx.core.clock.wallMs(), ctx.user.id);
    return accessToken(ctx, token);
  },

  logout: (ctx) => {
    if (ctx.token) ctx.core.tokens.revoke(ctx.token.token);
    return Reply.empty(204);
  },

  versions: (ctx): Wire<IApiVersion> => {
    const spec = loadSpec();
    const version = {
      version: '4.0',
      full_version: spec.version,
      status: 'current',
      swagger_url: `${ctx.origin}/api/4.0/swagger.json`,
    };
    return {
      looker_release_version: spec.releaseVersion,
      current_version: version,
      supported_versions: [version],
      api_server_url: ctx.origin,
      web_server_url: ctx.core.config.webServerUrl ?? ctx.origin,
    };
  },
};
