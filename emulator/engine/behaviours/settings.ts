/** Instance-wide settings that are not records of their own (the default theme and color collection). */
import { invalidField } from '../../core/errors';
import type { EmulatorState } from '../../core/state';
import type { Behaviour } from '../engine';
import { collection, insertRecord } from '../store';

export const SETTINGS_MODEL = '_settings';

/** The one record of an instance-wide map (the settings, or another kept apart under its own name). */
export function settingsOf(state: EmulatorState, model = SETTINGS_MODEL): Record<string, unknown> {
  const record = collection(state, model)[0] ?? insertRecord(state, model, {});
  return record.value;
}

/**
 * Instance settings changed through their own action paths (`PATCH
 * /internal_help_resources`, `PUT /support_access/enable`): the change lands
 * in the singleton their GET reads.
 */
export const settingsBehaviours: Record<string, Behaviour> = {
  update_internal_help_resources: (ctx, engine) => {
    const record = engine.singleton(ctx, 'InternalHelpResources', {});
    engine.write(ctx, 'InternalHelpResources', record, ctx.body ?? {}, false);
    return engine.present(ctx, 'InternalHelpResources', record.value);
  },
  enable_support_access: (ctx, engine) => {
    const seconds = Number(ctx.body?.duration_in_seconds);
    if (!Number.isInteger(seconds) || seconds <= 0) throw invalidField('duration_in_seconds', 'must be a positive number of seconds');
    const record = engine.singleton(ctx, 'SupportAccessStatus', {});
    Object.assign(record.value, { open: true, open_until: new Date(ctx.core.clock.now().getTime() + seconds * 1000).toISOString() });
    return engine.present(ctx, 'SupportAccessStatus', record.value);
  },
  disable_support_access: (ctx, engine) => {
    const record = engine.singleton(ctx, 'SupportAccessStatus', {});
    Object.assign(record.value, { open: false, open_until: null });
    return engine.present(ctx, 'SupportAccessStatus', record.value);
  },
  force_password_reset_at_next_login_for_all_users: (ctx) => {
    for (const user of Object.values(ctx.core.state.users)) if (user.credentials_email) user.credentials_email.forced_password_reset_at_next_login = true;
    return '';
  },
};
