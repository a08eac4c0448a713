/**
 * Signed embed URLs (checked like Looker checks target URLs) and field value
 * suggestions taken from the values the emulator's LookML knows.
 */
import { createHmac } from 'node:crypto';
import type { RequestContext } from '../../core/context';
import { invalidField, notFound } from '../../core/errors';
import { findExplore } from '../../data/catalogue';
import type { Behaviour } from '../engine';

const SUGGESTION_LIMIT = 100;

/** The path of an /embed/ URL on this instance; anything else is a 422 on target_url. */
function embedPath(ctx: RequestContext, target: unknown): string {
  let url: URL | undefined;
  try {
    url = new URL(String(target ?? ''), ctx.origin);
  } catch {
    url = undefined;
  }
  if (!url || url.origin !== new URL(ctx.origin).origin || !url.pathname.startsWith('/embed/')) {
    throw invalidField('target_url', 'must be an /embed/ URL of this Looker instance');
  }
  return `${url.pathname}${url.search}`;
}

function signed(ctx: RequestContext, path: string, params: Record<string, string>): { url: string } {
  const query = new URLSearchParams(params);
  const signature = createHmac('sha1', `emulator-embed-secret:${ctx.core.seedNumber}`).update(`${path}\n${query.toString()}`).digest('base64');
  query.set('signature', signature);
  return { url: `${ctx.origin}/login/embed/${encodeURIComponent(path)}?${query.toString()}` };
}

function suggestions(ctx: RequestContext): string[] {
  const model = ctx.params.string('model_name');
  const view = ctx.params.string('view_name');
  const name = ctx.params.string('field_name');
  const explore = findExplore(model, view);
  if (!explore) throw notFound(`Explore ${model}::${view} not found`);
  const field = explore.fields.find((f) => f.name === name || f.name === `${view}.${name}` || f.name.split('.')[1] === name);
  if (!field) throw notFound(`Field ${name} not found`);
  if (field.category !== 'dimension') return [];
  const now = ctx.core.clock.now().getTime();
  const values = field.values ?? (field.ids ? Array.from({ length: Math.min(field.ids, SUGGESTION_LIMIT) }, (_, i) => String(i + 1)) : field.days ? Array.from({ length: Math.min(field.days, SUGGESTION_LIMIT) }, (_, i) => new Date(now - i * 86_400_000).toISOString().slice(0, 10)) : []);
  const term = ctx.params.optString('term')?.toLowerCase();
  return values.filter((v) => !term || v.toLowerCase().includes(term)).slice(0, SUGGESTION_LIMIT);
}

export const embedSuggestionBehaviours: Record<string, Behaviour> = {
  create_sso_embed_url: (ctx) => {
    const body = ctx.body ?? {};
    const path = embedPath(ctx, body.target_url);
    if (!body.external_user_id) throw invalidField('external_user_id', 'This field is required.', 'missing');
    return signed(ctx, path, {
      nonce: createHmac('sha1', 'nonce').update(JSON.stringify(body)).digest('hex').slice(0, 16),
      time: String(Math.floor(ctx.core.clock.now().getTime() / 1000)),
      session_length: String(body.session_length ?? 3600),
      external_user_id: JSON.stringify(String(body.external_user_id)),
      permissions: JSON.stringify(body.permissions ?? []),
      models: JSON.stringify(body.models ?? []),
      first_name: JSON.stringify(body.first_name ?? null),
      last_name: JSON.stringify(body.last_name ?? null),
      force_logout_login: String(body.force_logout_login ?? true),
    });
  },
  create_embed_url_as_me: (ctx) => {
    const body = ctx.body ?? {};
    return signed(ctx, embedPath(ctx, body.target_url), { user_id: ctx.user.id, session_length: String(body.session_length ?? 300), force_logout_login: String(body.force_logout_login ?? false) });
  },
  model_fieldname_suggestions: (ctx) => {
    const list = suggestions(ctx);
    return { suggestions: list, error: null, from_cache: false, hit_limit: list.length >= SUGGESTION_LIMIT, used_calcite_materialization: false };
  },
};
