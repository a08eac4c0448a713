/**
 * Runs a query against the catalogue: validates fields, takes the explore's
 * base rows (generated fact rows, or state-backed rows for system__activity),
 * filters, groups, sorts and limits them, and computes totals.
 */
import { findExplore, type DimensionDef, type ExploreDef, type FieldDef, type MeasureDef } from '../data/catalogue';
import type { EmulatorState } from '../core/state';
import { activityRows } from './activity';
import { aggregate } from './aggregate';
import { factRows, type Row } from './facts';
import { compileFilter, type Predicate } from './filter-expressions';

/** The parts of a query the engine needs (a stored QueryRecord or an inline body). */
export interface QuerySpec {
  model: string;
  view: string;
  fields?: string[] | null;
  filters?: Record<string, string> | null;
  sorts?: string[] | null;
  limit?: string | null;
  total?: boolean | null;
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
  /** The selected measures over every matching row (when the query asks for totals). */
  totals: Row | null;
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
  const selectedMeasures = fields.filter((f): f is MeasureDef => f.category === 'measure');
  // Filters apply to any field of the explore, selected or not: dimensions
  // before grouping (WHERE), measures after it (HAVING).
  const filterFields = [...filters.keys()].map((name) => explore.fields.find((f) => f.name === name)!);
  const whereFilters = filterFields.filter((f) => f.category === 'dimension').map((f) => ({ name: f.name, test: filters.get(f.name)! }));
  const havingMeasures = filterFields.filter((f): f is MeasureDef => f.category === 'measure');
  const measures = [...selectedMeasures, ...havingMeasures.filter((m) => !selectedMeasures.includes(m))];

  const base = explore.stateBacked ? activityRows(state, explore.name, now) : factRows(explore, now, seedNumber);
  const matching = whereFilters.length ? base.filter((row) => whereFilters.every(({ name, test }) => test(row[name]))) : base;
  let rows = aggregate(matching, dims, measures);
  rows = rows.filter((r) => havingMeasures.every((m) => filters.get(m.name)!(r[m.name])));
  rows = sortRows(rows, spec.sorts ?? [], fields);
  const limit = limitOverride ?? (spec.limit ? Number(spec.limit) : DEFAULT_LIMIT);
  rows = rows.slice(0, limit < 0 ? MAX_ROWS : Math.min(limit, MAX_ROWS));
  const selected = rows.map((r) => Object.fromEntries(fields.map((f) => [f.name, r[f.name] ?? null])));
  const totals = spec.total ? aggregate(matching, [], selectedMeasures)[0] : null;
  return { explore, fields, rows: selected, sql: buildSql(spec, fields), totals };
}

function compileFilters(explore: ExploreDef, filters: Record<string, string>, now: Date): Map<string, Predicate> {
  const compiled = new Map<string, Predicate>();
  for (const [name, expression] of Object.entries(filters)) {
    if (expression === '' || expression === null || expression === undefined) continue;
    const field = explore.fields.find((f) => f.name === name)!;
    try {
      compiled.set(name, compileFilter(String(expression), field.category === 'measure' ? 'measure' : field.type, now));
    } catch (error) {
      throw new QueryError((error as Error).message, name);
    }
  }
  return compiled;
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

/** The SQL Looker would show for the query; fields the explore lacks are written as given (so a failed query still has its SQL). */
export function buildSql(spec: QuerySpec, fields: FieldDef[] = knownFields(spec)): string {
  const columns = fields.map((f) => `  ${f.category === 'measure' ? `SUM(${f.name})` : f.name} AS "${f.name}"`).join(',\n');
  const where = Object.entries(spec.filters ?? {}).map(([k, v]) => `  -- ${k}: ${v}`).join('\n');
  const groupBy = fields.filter((f) => f.category === 'dimension').map((_, i) => i + 1).join(', ');
  // As Looker writes it: ORDER BY the sorted columns' positions.
  const orderBy = (spec.sorts ?? [])
    .map((sort) => {
      const [name, direction] = sort.trim().split(/\s+/);
      const position = fields.findIndex((f) => f.name === name) + 1;
      return position ? `${position}${direction?.toLowerCase() === 'desc' ? ' DESC' : ''}` : undefined;
    })
    .filter(Boolean)
    .join(', ');
  return `-- generated by the Looker emulator\nSELECT\n${columns}\nFROM ${spec.model}.${spec.view}\n${where ? `WHERE 1=1\n${where}\n` : ''}${groupBy ? `GROUP BY ${groupBy}\n` : ''}${orderBy ? `ORDER BY ${orderBy}\n` : ''}LIMIT ${spec.limit ?? DEFAULT_LIMIT}`;
}

function knownFields(spec: QuerySpec): FieldDef[] {
  const explore = findExplore(spec.model, spec.view);
  return (spec.fields ?? []).map(
    (name) => explore?.fields.find((f) => f.name === name) ?? ({ name, category: 'dimension', type: 'string', label_short: name, description: '' } as FieldDef),
  );
}
