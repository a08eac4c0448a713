/** Groups base rows by dimensions and computes measures, the way SQL's GROUP BY would. */
import type { DimensionDef, MeasureDef } from '../data/catalogue';
import { CONTRIBUTION, type Row } from './facts';

function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

/** One measure over one group of base rows. */
export function measureValue(measure: MeasureDef, group: Row[]): number | null {
  const how = measure.aggregate;
  // Over no rows SQL counts 0 and sums, averages and maxima are NULL.
  if (!group.length) return (how ? how.kind === 'count' || how.kind === 'count_distinct' : measure.type === 'count' || measure.type === 'count_distinct') ? 0 : null;
  if (!how) {
    // Synthetic explores: integer contributions scaled by 10^decimals.
    const scale = 10 ** measure.decimals;
    const total = group.reduce((sum, r) => sum + Number(r[CONTRIBUTION + measure.name] ?? 0), 0);
    if (measure.type === 'average' || measure.type === 'number') return group.length ? round(total / group.length / scale, measure.decimals) : null;
    return round(total / scale, measure.decimals);
  }
  if (how.kind === 'count') return group.length;
  const values = group.map((r) => r[how.of]).filter((v) => v !== null && v !== undefined);
  switch (how.kind) {
    case 'count_distinct':
      return new Set(values.map((v) => JSON.stringify(v))).size;
    case 'sum':
      return round(values.reduce((sum: number, v) => sum + Number(v), 0), measure.decimals);
    case 'average':
      return values.length ? round(values.reduce((sum: number, v) => sum + Number(v), 0) / values.length, measure.decimals) : null;
    case 'max':
      return values.length ? Math.max(...values.map(Number)) : null;
  }
}

/** GROUP BY the dimensions; with none, one row of totals (also for zero base rows, like SQL). */
export function aggregate(rows: Row[], dims: DimensionDef[], measures: MeasureDef[]): Row[] {
  if (!dims.length) return [Object.fromEntries(measures.map((m) => [m.name, measureValue(m, rows)]))];
  const groups = new Map<string, Row[]>();
  for (const row of rows) {
    const key = JSON.stringify(dims.map((d) => row[d.name] ?? null));
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return [...groups.values()].map((group) => {
    const out: Row = Object.fromEntries(dims.map((d) => [d.name, group[0][d.name] ?? null]));
    for (const m of measures) out[m.name] = measureValue(m, group);
    return out;
  });
}
