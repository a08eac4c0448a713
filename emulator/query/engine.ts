/**
 * Runs a query against the catalogue: validates fields, produces rows
 * (deterministic PRNG rows, or state-backed rows for system__activity),
 * applies filters, sorts and limit.
 */
import { findExplore, type DimensionDef, type ExploreDef, type FieldDef, type MeasureDef } from '../data/catalogue';
import { DAY_MS } from '../core/clock';
import { Prng, hashString } from '../core/prng';
import type { EmulatorState } from '../core/state';
import { activityRows, type Row } from './activity';
import { compileFilter, type Predicate } from './filter-expressions';

/** The parts of a query the engine needs (a stored QueryRecord or an inline body). */
export interface QuerySpec {
  model: string;
  view: string;
  fields?: string[] | null;
  filters?: Record<string, string> | null;
  sorts?: string[] | null;
  limit?: string | null;
}

export class QueryError extends Error {
  constructor(message: string, readonly field?: string) {
    super(message);
  }
}

export interface QueryResult {
  explore: ExploreDef;
  fields: FieldDef[];
  rows: Row[];
  sql: string;
}

const DEFAULT_LIMIT = 500;
const MAX_ROWS = 5000;

/** Resolves the explore and the selected fields, or throws a Looker-like QueryError. */
export function resolveQuery(spec: QuerySpec): { explore: ExploreDef; fields: FieldDef[] } {
  const explore = findExplore(spec.model, spec.view);
  if (!explore) throw new QueryError(`Model "${spec.model}" or explore "${spec.view}" not found`);
  const byName = new Map(explore.fields.map((f) => [f.name, f]));
  const lookup = (name: string) => {
    const field = byName.get(name);
    if (!field) throw new QueryError(`Unknown field "${name}" in explore "${spec.model}::${spec.view}"`, name);
    return field;
  };
  const fields = (spec.fields ?? []).map(lookup);
  if (!fields.length) throw new QueryError('Must query at least one dimension or measure', 'fields');
  for (const name of Object.keys(spec.filters ?? {})) lookup(name);
  return { explore, fields };
}

export function runQuery(state: EmulatorState, spec: QuerySpec, now: Date, seedNumber: number, limitOverride?: number): QueryResult {
  const { explore, fields } = resolveQuery(spec);
  const filters = compileFilters(explore, spec.filters ?? {}, now);
  const dims = fields.filter((f): f is DimensionDef => f.category === 'dimension');
  const measures = fields.filter((f): f is MeasureDef => f.category === 'measure');

  let rows = explore.stateBacked
    ? aggregate(activityRows(state, explore.name, now).filter((r) => dimensionFiltersPass(filters, r)), dims, measures)
    : syntheticRows(explore, dims, measures, filters, now, seedNumber);
  rows = rows.filter((r) => measures.every((m) => !filters.has(m.name) || filters.get(m.name)!(r[m.name])));
  rows = sortRows(rows, spec.sorts ?? [], fields);
  const limit = limitOverride ?? (spec.limit ? Number(spec.limit) : DEFAULT_LIMIT);
  rows = rows.slice(0, limit < 0 ? MAX_ROWS : Math.min(limit, MAX_ROWS));
  const selected = rows.map((r) => Object.fromEntries(fields.map((f) => [f.name, r[f.name] ?? null])));
  return { explore, fields, rows: selected, sql: buildSql(spec, fields) };
}

function compileFilters(explore: ExploreDef, filters: Record<string, string>, now: Date): Map<string, Predicate> {
  const compiled = new Map<string, Predicate>();
  for (const [name, expression] of Object.entries(filters)) {
    if (expression === '' || expression === null) continue;
    const field = explore.fields.find((f) => f.name === name)!;
    try {
      compiled.set(name, compileFilter(String(expression), field.category === 'measure' ? 'measure' : field.type, now));
    } catch (error) {
      throw new QueryError((error as Error).message, name);
    }
  }
  return compiled;
}

function dimensionFiltersPass(filters: Map<string, Predicate>, row: Row): boolean {
  for (const [name, predicate] of filters) if (name in row && !predicate(row[name])) return false;
  return true;
}

/** Groups state rows by the selected dimensions and computes the measures. */
function aggregate(rows: Row[], dims: DimensionDef[], measures: MeasureDef[]): Row[] {
  const groups = new Map<string, Row[]>();
  for (const row of rows) {
    const key = JSON.stringify(dims.map((d) => row[d.name] ?? null));
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return [...groups.values()].map((group) => {
    const out: Row = Object.fromEntries(dims.map((d) => [d.name, group[0][d.name] ?? null]));
    for (const m of measures) {
      const how = m.aggregate ?? { kind: 'count' };
      out[m.name] =
        how.kind === 'count'
          ? group.length
          : how.kind === 'sum'
            ? group.reduce((sum, r) => sum + Number(r[how.of] ?? 0), 0)
            : new Set(group.map((r) => r[how.of])).size;
    }
    return out;
  });
}

function dimensionValues(dim: DimensionDef, now: Date): unknown[] {
  if (dim.values) return dim.values;
  if (dim.days) {
    const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
    return Array.from({ length: dim.days }, (_, i) => new Date(today - i * DAY_MS).toISOString().slice(0, 10));
  }
  if (dim.ids) return Array.from({ length: dim.ids }, (_, i) => i + 1);
  if (dim.type === 'yesno') return ['Yes', 'No'];
  return ['(none)'];
}

/**
 * Cartesian product of the selected dimensions' values. Measures are seeded by
 * the row's dimension values, so the same query always gives the same numbers.
 * The first categorical dimension spreads values across the measure's range
 * (e.g. revenue by category: low categories stay under 100k, high ones exceed it).
 */
function syntheticRows(explore: ExploreDef, dims: DimensionDef[], measures: MeasureDef[], filters: Map<string, Predicate>, now: Date, seedNumber: number): Row[] {
  const valueLists = dims.map((d) => {
    const values = dimensionValues(d, now);
    const filter = filters.get(d.name);
    return { dim: d, values: filter ? values.filter(filter) : values, all: values };
  });
  let combos: Row[] = [{}];
  for (const { dim, values } of valueLists) {
    const next: Row[] = [];
    for (const combo of combos) {
      for (const value of values) {
        if (next.length >= MAX_ROWS) break;
        next.push({ ...combo, [dim.name]: value });
      }
    }
    combos = next;
  }
  const spreadDim = valueLists.find((v) => v.dim.values);
  return combos.map((row) => {
    const key = dims.map((d) => String(row[d.name])).join('|');
    for (const m of measures) {
      const prng = new Prng(hashString(`${seedNumber}:${explore.name}:${m.name}:${key}`));
      const u = prng.next();
      const spread = spreadDim ? spreadDim.all.indexOf(row[spreadDim.dim.name]) / Math.max(1, spreadDim.all.length - 1) : prng.next();
      const [min, max] = m.range;
      const raw = min + (max - min) * (0.3 * u + 0.7 * spread);
      const factor = 10 ** m.decimals;
      row[m.name] = Math.round(raw * factor) / factor;
    }
    return row;
  });
}

function sortRows(rows: Row[], sorts: string[], fields: FieldDef[]): Row[] {
  let keys = sorts.map((s) => {
    const [name, direction] = s.trim().split(/\s+/);
    return { name, desc: direction?.toLowerCase() === 'desc' };
  });
  if (!keys.length) {
    // Looker's default: newest date first, else biggest measure first, else first dimension.
    const date = fields.find((f) => f.category === 'dimension' && (f.type === 'date' || f.type === 'date_time'));
    const measure = fields.find((f) => f.category === 'measure');
    keys = date ? [{ name: date.name, desc: true }] : measure ? [{ name: measure.name, desc: true }] : [{ name: fields[0].name, desc: false }];
  }
  return [...rows].sort((a, b) => {
    for (const key of keys) {
      const x = a[key.name];
      const y = b[key.name];
      if (x === y) continue;
      if (x === null || x === undefined) return key.desc ? 1 : -1;
      if (y === null || y === undefined) return key.desc ? -1 : 1;
      const order = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
      if (order) return key.desc ? -order : order;
    }
    return 0;
  });
}

function buildSql(spec: QuerySpec, fields: FieldDef[]): string {
  const columns = fields.map((f) => `  ${f.category === 'measure' ? `SUM(${f.name})` : f.name} AS "${f.name}"`).join(',\n');
  const where = Object.entries(spec.filters ?? {}).map(([k, v]) => `  -- ${k}: ${v}`).join('\n');
  const groupBy = fields.filter((f) => f.category === 'dimension').map((_, i) => i + 1).join(', ');
  return `-- generated by the Looker emulator\nSELECT\n${columns}\nFROM ${spec.model}.${spec.view}\n${where ? `WHERE 1=1\n${where}\n` : ''}${groupBy ? `GROUP BY ${groupBy}\n` : ''}LIMIT ${spec.limit ?? DEFAULT_LIMIT}`;
}
