/**
 * The engine's records: one list per model in `state.resources`, each record
 * holding its Looker-shaped value plus links to the parents named in its
 * path (a git branch links to `project_id`). Plain JSON, so state snapshots
 * and persistence keep working.
 */
import type { EmulatorState } from '../core/state';

export interface EngineRecord {
  links: Record<string, string>;
  value: Record<string, unknown>;
}

export function collection(state: EmulatorState, model: string): EngineRecord[] {
  state.resources ??= {};
  return (state.resources[model] ??= []);
}

/** Ids in use per collection, extended as records are appended (rebuilt when the list was changed otherwise). */
const idSets = new WeakMap<EngineRecord[], { size: number; last: EngineRecord | undefined; ids: Set<string> }>();

function takenIds(records: EngineRecord[]): Set<string> {
  let cached = idSets.get(records);
  if (!cached || cached.size > records.length || (cached.size > 0 && records[cached.size - 1] !== cached.last)) {
    cached = { size: 0, last: undefined, ids: new Set() };
    idSets.set(records, cached);
  }
  for (let i = cached.size; i < records.length; i++) cached.ids.add(String(records[i].value.id));
  cached.size = records.length;
  cached.last = records.at(-1);
  return cached.ids;
}

/** Next numeric id of an engine collection, stable for a given seed. */
export function nextEngineId(state: EmulatorState, model: string): string {
  const key = `engine:${model}`;
  let id = state.nextIds[key] ?? 1;
  // Seeds may have inserted records with explicit ids.
  const taken = takenIds(collection(state, model));
  while (taken.has(String(id))) id++;
  state.nextIds[key] = id + 1;
  return String(id);
}

export function linksMatch(record: EngineRecord, links: Record<string, string>): boolean {
  return Object.entries(links).every(([k, v]) => {
    const own = record.links[k] ?? record.value[k];
    return own === undefined || own === null || String(own) === v;
  });
}

export function findRecord(state: EmulatorState, model: string, idProp: string, id: string, links: Record<string, string> = {}): EngineRecord | undefined {
  return collection(state, model).find((r) => String(r.value[idProp]) === id && linksMatch(r, links));
}

export function insertRecord(state: EmulatorState, model: string, value: Record<string, unknown>, links: Record<string, string> = {}): EngineRecord {
  const record = { links, value };
  collection(state, model).push(record);
  return record;
}

export function removeRecord(state: EmulatorState, model: string, record: EngineRecord): void {
  const list = collection(state, model);
  const index = list.indexOf(record);
  if (index >= 0) list.splice(index, 1);
}

/**
 * Deleting a parent removes what hangs off it: records linked to it by a
 * path parameter (`board_id`) or pointing at it by that property.
 */
export function removeChildren(state: EmulatorState, params: string[], id: string): number {
  let removed = 0;
  for (const [model, list] of Object.entries(state.resources ?? {})) {
    const keep = list.filter((r) => !params.some((p) => String(r.links[p] ?? '') === id || (r.value[p] != null && String(r.value[p]) === id)));
    removed += list.length - keep.length;
    state.resources![model] = keep;
  }
  return removed;
}
