/** A user's embed credentials: engine CredentialsEmbed records linked to the user. */
import type { RequestContext } from '../core/context';
import type { EmulatorState } from '../core/state';
import { collection } from '../engine/store';
import { CAN } from './common';

export const EMBED = 'CredentialsEmbed';

export function embedRecords(state: EmulatorState, userId: string): Record<string, unknown>[] {
  return collection(state, EMBED).filter((r) => r.links.user_id === userId).map((r) => r.value);
}

export function embedCredentials(ctx: RequestContext, userId: string): Record<string, unknown>[] {
  return embedRecords(ctx.core.state, userId).map((c) => ({
    can: CAN, created_at: c.created_at ?? null, external_group_id: c.external_group_id ?? null, external_user_id: c.external_user_id, id: c.id,
    is_disabled: false, logged_in_at: null, type: 'embed', url: `${ctx.origin}/api/4.0/users/${userId}/credentials_embed/${String(c.id)}`,
  }));
}
