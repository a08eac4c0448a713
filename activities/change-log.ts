// The job's change list (contracts/changes.ts), kept in one place: every Looker call goes
// through LookerClient, which tells this module what Looker answered. Reads are remembered for
// the activity's duration, so a write records each field's value before and after; each write
// is appended to jobs/<jobId>/changes.jsonl before the activity goes on. A write that went out
// and got no answer is appended too, with outcome 'unknown': Looker may have applied it, and the
// retry that finds it done writes nothing, so without it the list would miss the change.
import { AsyncLocalStorage } from 'node:async_hooks';
import { findOperation } from '../common/operations/catalogue';
import { OPERATION_TABLE } from '../common/operations/operation-table';
import { changeListPath, type LookerChange } from '../contracts/changes';
import type { FileStore } from './file-store';
import { currentJob } from './job-context';

interface Scope {
  files: FileStore;
  jobId: string;
  activity: string;
  /** Objects the activity read, by `<type>:<id>`. */
  seen: Map<string, Record<string, unknown>>;
}

const scopes = new AsyncLocalStorage<Scope>();

/** Runs an activity so that the writes it makes are recorded in its job's change list. */
export function recordingChanges<T>(files: FileStore, fn: () => Promise<T>): Promise<T> {
  const job = currentJob();
  if (!job) return fn();
  return scopes.run({ files, jobId: job.jobId, activity: job.activity, seen: new Map() }, fn);
}

/** What LookerClient reports of a call that succeeded. */
export interface AnsweredCall {
  operation: string;
  /** The request's path, e.g. /api/4.0/scheduled_plans/12. */
  path: string;
  body?: unknown;
  value: unknown;
}

/** Remembers what a read returned; appends a write to the job's change list. */
export async function noteAnswer(call: AnsweredCall): Promise<void> {
  const scope = scopes.getStore();
  const flags = OPERATION_TABLE[call.operation];
  if (!scope || !flags) return;
  if (flags.startsWith('r')) return remember(scope, call.operation, call.value);
  if (/^log(in|out)/.test(call.operation)) return;
  const change = changeOf(scope, call);
  if (!change) return;
  await scope.files.append(changeListPath(scope.jobId), `${JSON.stringify(change)}\n`);
  if (change.id && !change.part && isObject(call.value)) scope.seen.set(`${change.type}:${change.id}`, call.value);
}

/** A write sent with no answer back (connection lost or timed out after the request went out). */
export type UnansweredWrite = Omit<AnsweredCall, 'value'>;

/** Appends a write whose answer was lost to the job's change list, its outcome unknown. */
export async function noteLostAnswer(call: UnansweredWrite): Promise<void> {
  const scope = scopes.getStore();
  const flags = OPERATION_TABLE[call.operation];
  if (!scope || !flags || flags.startsWith('r') || /^log(in|out)/.test(call.operation)) return;
  const change = changeOf(scope, { ...call, value: undefined });
  if (change) await scope.files.append(changeListPath(scope.jobId), `${JSON.stringify({ ...change, outcome: 'unknown' } satisfies LookerChange)}\n`);
}

function changeOf(scope: Scope, { operation, path, body, value }: AnsweredCall): LookerChange | undefined {
  const template = findOperation(operation)?.path.split('/').filter(Boolean);
  if (!template) return undefined;
  const actual = path.replace(/^\/api\/[\d.]+/, '').split('/').filter(Boolean).map(decodeURIComponent);
  const type = singular(template[0]);
  const ownId = template[1]?.startsWith('{');
  const id = ownId ? actual[1] : isObject(value) && value.id !== undefined && value.id !== null ? String(value.id) : undefined;
  const part = ownId && actual.length > 2 ? actual.slice(2).join('/') : undefined;
  const action = ACTIONS.find(([pattern]) => pattern.test(operation))?.[1] ?? operation;
  const before = id && !part ? scope.seen.get(`${type}:${id}`) : undefined;
  const page = id && action !== 'delete' ? WEB_PAGES[type]?.(encodeURIComponent(id)) ?? contentPage(value, body) : undefined;
  return {
    at: new Date().toISOString(),
    activity: scope.activity,
    operation,
    type,
    ...(id ? { id } : {}),
    ...(part ? { part } : {}),
    action,
    path,
    ...(page ? { page } : {}),
    ...(isObject(body) ? { fields: fieldsOf(body, before) } : {}),
  };
}

/** Where an object of a type opens in Looker's web UI, for those that have a page. */
const WEB_PAGES: Record<string, (id: string) => string> = {
  dashboard: (id) => `/dashboards/${id}`,
  look: (id) => `/looks/${id}`,
  folder: (id) => `/folders/${id}`,
  user: (id) => `/admin/users/${id}/edit`,
  group: (id) => `/admin/groups/${id}/edit`,
};

/** An object without a page of its own (a tile, a dashboard filter, a schedule) opens on the dashboard or Look it belongs to. */
function contentPage(...objects: unknown[]): string | undefined {
  for (const object of objects) {
    if (!isObject(object)) continue;
    if (object.dashboard_id) return WEB_PAGES.dashboard(encodeURIComponent(String(object.dashboard_id)));
    if (object.look_id) return WEB_PAGES.look(encodeURIComponent(String(object.look_id)));
  }
  return undefined;
}

const ACTIONS: Array<[RegExp, string]> = [
  [/^(create|add)_/, 'create'],
  [/^(update|set|move)_/, 'update'],
  [/^(delete|remove)_/, 'delete'],
];

/** The fields a write set; with the object as read before, only those whose value differs. */
function fieldsOf(body: Record<string, unknown>, before: Record<string, unknown> | undefined): LookerChange['fields'] {
  const fields: NonNullable<LookerChange['fields']> = {};
  for (const [name, after] of Object.entries(body)) {
    if (after === undefined) continue;
    if (before && JSON.stringify(before[name] ?? null) === JSON.stringify(after ?? null)) continue;
    fields[name] = { ...(before && before[name] !== undefined ? { before: shown(name, before[name]) } : {}), after: shown(name, after) };
  }
  // A write that set only what was already so still shows what it set.
  return Object.keys(fields).length || !before ? fields : fieldsOf(body, undefined);
}

/** Secrets never reach the list; very long values are summarised. */
function shown(name: string, value: unknown): unknown {
  if (/password|secret|token/i.test(name)) return '[redacted]';
  const json = JSON.stringify(value);
  return json !== undefined && json.length > 2000 ? `[${json.length} characters]` : value;
}

/** Remembers the objects a read returned, under the type its path and its schema name. */
function remember(scope: Scope, operation: string, value: unknown): void {
  const op = findOperation(operation);
  if (!op?.response) return;
  const template = op.path.split('/').filter(Boolean);
  // `/users/{id}/roles` answers roles, not users: only the collection's own paths name the type.
  const ownCollection = !template.slice(1).some((segment, i) => !segment.startsWith('{') && template[i]?.startsWith('{'));
  const types = new Set([snake(op.response.replace(/^\[|\]$/g, '')), ...(ownCollection ? [singular(template[0])] : [])]);
  for (const item of Array.isArray(value) ? value : [value]) {
    if (!isObject(item) || item.id === undefined || item.id === null) continue;
    for (const type of types) scope.seen.set(`${type}:${item.id}`, item);
  }
}

function singular(collection: string): string {
  return collection.replace(/ies$/, 'y').replace(/s$/, '');
}

function snake(schema: string): string {
  return schema.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
