/**
 * Themes and color collections: Looker validates a theme's settings (CSS
 * colors, a font family without `;`...) and answers 422 with field errors;
 * one theme and one color collection are the defaults.
 */
import type { RequestContext } from '../../core/context';
import { ApiError, notFound, type ValidationDetail } from '../../core/errors';
import { Reply } from '../../core/reply';
import type { Behaviour, ResourceEngine } from '../engine';
import { collection, findRecord, nextEngineId } from '../store';
import { settingsOf } from './settings';

const COLOR = /^(#([0-9a-f]{3}|[0-9a-f]{4}|[0-9a-f]{6}|[0-9a-f]{8})|rgba?\([\d\s.,%]+\)|hsla?\([\d\s.,%deg]+\)|[a-z]+)$/i;
const FONT_FAMILY = /^[\w\s"',-]+$/;

/** Looker's checks on a theme: name alphanumeric and underscores, settings that are safe CSS. */
export function themeErrors(body: Record<string, any>): ValidationDetail[] {
  const errors: ValidationDetail[] = [];
  const add = (field: string, message: string) => errors.push({ field, code: 'invalid', message });
  if (body.name !== undefined && !/^\w+$/.test(String(body.name))) add('name', 'Name can only contain alphanumeric characters or underscores');
  for (const [key, value] of Object.entries<unknown>(body.settings ?? {})) {
    if (value === null || value === undefined || value === '') continue;
    if (key.endsWith('_color') && !COLOR.test(String(value))) add(`settings.${key}`, `${String(value)} is not a valid CSS color`);
    if (key === 'font_family' && !FONT_FAMILY.test(String(value))) add('settings.font_family', `${String(value)} is not a valid font family`);
    if (key === 'font_source' && !/^https:\/\//.test(String(value))) add('settings.font_source', 'Font source must be an https URL');
  }
  return errors;
}

function assertValidTheme(body: Record<string, any>): void {
  const errors = themeErrors(body ?? {});
  if (errors.length) throw new ApiError(422, 'Validation Failed', errors);
}

function theme(ctx: RequestContext, engine: ResourceEngine, id: unknown) {
  const record = findRecord(ctx.core.state, 'Theme', 'id', String(id));
  if (!record) throw notFound('Theme not found');
  return engine.present(ctx, 'Theme', record.value);
}

function themeByName(ctx: RequestContext, engine: ResourceEngine, name: string) {
  const record = collection(ctx.core.state, 'Theme').find((r) => r.value.name === name);
  if (!record) throw notFound(`Theme ${name} not found`);
  return record;
}

const defaultTheme: Behaviour = (ctx, engine) => theme(ctx, engine, settingsOf(ctx.core.state).default_theme_id);

const setDefaultTheme: Behaviour = (ctx, engine) => {
  const record = themeByName(ctx, engine, ctx.params.string('name'));
  settingsOf(ctx.core.state).default_theme_id = record.value.id;
  return engine.present(ctx, 'Theme', record.value);
};

function defaultCollectionId(ctx: RequestContext): string {
  return String(settingsOf(ctx.core.state).default_color_collection_id);
}

/** Collections created through the API are custom; the rest are Looker's standard ones. */
const isCustom = (value: Record<string, unknown>) => String(value.id).startsWith('custom-');

export const themeBehaviours: Record<string, Behaviour> = {
  validate_theme: (ctx) => {
    assertValidTheme(ctx.body);
    return Reply.empty(204);
  },
  create_theme: (ctx, engine) => {
    assertValidTheme(ctx.body);
    return engine.generic(ctx);
  },
  update_theme: (ctx, engine) => {
    assertValidTheme(ctx.body);
    return engine.generic(ctx);
  },
  default_theme: defaultTheme,
  default_theme_by_type: defaultTheme,
  theme_or_default: (ctx, engine) => {
    const name = ctx.params.optString('name');
    const named = name ? collection(ctx.core.state, 'Theme').find((r) => r.value.name === name) : undefined;
    return named ? engine.present(ctx, 'Theme', named.value) : defaultTheme(ctx, engine);
  },
  set_default_theme: setDefaultTheme,
  set_default_theme_by_type: setDefaultTheme,
  active_themes: (ctx, engine) => {
    const now = ctx.core.clock.now().toISOString();
    const active = collection(ctx.core.state, 'Theme').map((r) => r.value).filter((v) => (!v.begin_at || String(v.begin_at) <= now) && (!v.end_at || String(v.end_at) > now));
    return engine.list(ctx, 'Theme', active);
  },
  delete_theme: (ctx, engine) => {
    if (ctx.params.string('theme_id') === String(settingsOf(ctx.core.state).default_theme_id)) throw new ApiError(422, 'The default theme cannot be deleted');
    return engine.generic(ctx);
  },
  default_color_collection: (ctx, engine) => {
    const record = findRecord(ctx.core.state, 'ColorCollection', 'id', defaultCollectionId(ctx));
    if (!record) throw notFound('Color collection not found');
    return engine.present(ctx, 'ColorCollection', record.value);
  },
  set_default_color_collection: (ctx, engine) => {
    const id = ctx.params.string('collection_id');
    const record = findRecord(ctx.core.state, 'ColorCollection', 'id', id);
    if (!record) throw notFound('Color collection not found');
    settingsOf(ctx.core.state).default_color_collection_id = id;
    return engine.present(ctx, 'ColorCollection', record.value);
  },
  create_color_collection: (ctx, engine) => {
    const id = `custom-${nextEngineId(ctx.core.state, 'ColorCollection')}`;
    return engine.present(ctx, 'ColorCollection', engine.create(ctx, 'ColorCollection', { ...ctx.body, id }).value);
  },
  color_collections_custom: (ctx, engine) => engine.list(ctx, 'ColorCollection', collection(ctx.core.state, 'ColorCollection').map((r) => r.value).filter(isCustom)),
  color_collections_standard: (ctx, engine) => engine.list(ctx, 'ColorCollection', collection(ctx.core.state, 'ColorCollection').map((r) => r.value).filter((v) => !isCustom(v))),
  delete_color_collection: (ctx, engine) => {
    if (ctx.params.string('collection_id') === defaultCollectionId(ctx)) throw new ApiError(422, 'The default color collection cannot be deleted');
    return engine.generic(ctx);
  },
};
