/** Small helpers shared by the operation handlers. */
import type { RequestContext } from '../core/context';
import { ApiError, forbidden, invalidField, missingField, notFound } from '../core/errors';
import type { ContentRecord, EmulatorState, UserRecord } from '../core/state';

/** Looker puts a `can` map on most objects; the emulator grants everything it shows. */
export const CAN = { show: true, index: true, update: true, destroy: true } as const;

export function nowIso(ctx: RequestContext): string {
  return ctx.core.clock.now().toISOString();
}

/** Finds a record by id or answers 404 with Looker's wording. */
export function findOr404<T>(collection: Record<string, T>, id: string | null | undefined, what: string): T {
  const record = id == null ? undefined : collection[id];
  if (!record) throw notFound(`${what} not found`);
  return record;
}

/** Same lookup for ids given in a body: a dangling reference is a 422 on that field. */
export function findOr422<T>(collection: Record<string, T>, id: string | null | undefined, field: string, what: string): T {
  const record = id == null ? undefined : collection[id];
  if (!record) throw invalidField(field, `${what} with id ${id} does not exist`);
  return record;
}

export function isAdmin(state: EmulatorState, user: UserRecord): boolean {
  return user.role_ids.some((id) => state.roles[id]?.permissions.includes('administer'));
}

export function requireAdmin(ctx: RequestContext): void {
  if (!isAdmin(ctx.core.state, ctx.user)) throw forbidden('Requires the administer permission');
}

export function displayName(user: UserRecord | undefined): string | null {
  return user ? `${user.first_name} ${user.last_name}`.trim() : null;
}

/** Copies the listed keys from a request body onto a record, skipping undefined ones. */
export function assignDefined<T extends object>(target: T, body: Record<string, unknown> | undefined, keys: readonly (keyof T & string)[]): T {
  for (const key of keys) {
    if (body && body[key] !== undefined) (target as Record<string, unknown>)[key] = body[key];
  }
  return target;
}

export function requireString(body: Record<string, unknown> | undefined, field: string): string {
  const value = body?.[field];
  if (value === undefined || value === null || value === '') throw missingField(field);
  return String(value);
}

/** Filters a collection by an optional `ids` parameter (used by `all_*` operations). */
export function byIds<T extends { id: string }>(records: T[], ids: string[] | undefined): T[] {
  return ids ? records.filter((r) => ids.includes(r.id)) : records;
}

export function sortById<T extends { id: string }>(records: T[]): T[] {
  return [...records].sort((a, b) => Number(a.id) - Number(b.id) || a.id.localeCompare(b.id));
}

export function methodNotAllowed(message: string): ApiError {
  return new ApiError(405, message);
}

/**
 * The JSON shape of an SDK model type: the SDK declares date-times as `Date`
 * and enums as TypeScript enums, but on the wire both are strings, and any
 * property may be null or absent.
 */
export type Wire<T> = T extends Date
  ? string
  : T extends string
    ? string
    : T extends (infer U)[]
      ? Wire<U>[]
      : T extends object
        ? { [K in keyof T]?: Wire<T[K]> | null }
        : T;

/** Soft delete (`deleted: true` moves to Trash) and restore, shared by dashboards and looks. */
export function applyTrashState(ctx: RequestContext, content: ContentRecord, deleted: unknown): void {
  if (deleted === true && !content.deleted) {
    content.deleted = true;
    content.deleted_at = nowIso(ctx);
    content.deleter_id = ctx.user.id;
  } else if (deleted === false && content.deleted) {
    content.deleted = false;
    content.deleted_at = null;
    content.deleter_id = null;
  }
  content.updated_at = nowIso(ctx);
}
