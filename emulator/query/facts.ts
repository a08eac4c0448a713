/**
 * The generated "warehouse" behind a synthetic explore: a fixed table of fact
 * rows (every dimension filled, every measure's additive contribution), so any
 * filter, grouping or total is computed from the same rows and totals agree
 * under every grouping, as they do on a real database.
 *
 * Measure contributions are integers scaled by 10^decimals, so sums are exact.
 * The explore's driver dimension (its first categorical one, or the one it
 * names) spreads values across each measure's range: grouped by the driver,
 * low values stay near the bottom of the range and high ones near the top
 * (revenue by category: some categories under 100k, some over).
 */
import type { DimensionDef, ExploreDef, MeasureDef } from '../data/catalogue';
import { DAY_MS } from '../core/clock';
import { Prng, hashString } from '../core/prng';

export type Row = Record<string, unknown>;

/** Rows per day of history: enough that every day has data under most filters. */
const ROWS_PER_DAY = 8;
const DEFAULT_ROWS = 2400;

/** Prefix of the hidden columns holding measure contributions. */
export const CONTRIBUTION = '__m:';

const cache = new Map<string, Row[]>();

export function dateValues(dim: DimensionDef, now: Date): string[] {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return Array.from({ length: dim.days ?? 0 }, (_, i) => new Date(today - i * DAY_MS).toISOString().slice(0, 10));
}

function valueList(dim: DimensionDef, now: Date): unknown[] {
  if (dim.values) return dim.values;
  if (dim.days) return dateValues(dim, now);
  if (dim.ids) return Array.from({ length: dim.ids }, (_, i) => i + 1);
  if (dim.type === 'yesno') return ['Yes', 'No'];
  return ['(none)'];
}

function driverOf(explore: ExploreDef): DimensionDef | undefined {
  const dims = explore.fields.filter((f): f is DimensionDef => f.category === 'dimension');
  return dims.find((d) => d.name === explore.driver) ?? dims.find((d) => d.values);
}

/** The explore's fact rows for this seed and day (cached: they only change at midnight). */
export function factRows(explore: ExploreDef, now: Date, seedNumber: number): Row[] {
  const day = now.toISOString().slice(0, 10);
  const key = `${seedNumber}:${explore.name}:${day}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const rows = generate(explore, now, seedNumber);
  if (cache.size > 32) cache.clear();
  cache.set(key, rows);
  return rows;
}

function generate(explore: ExploreDef, now: Date, seedNumber: number): Row[] {
  const dims = explore.fields.filter((f): f is DimensionDef => f.category === 'dimension');
  const measures = explore.fields.filter((f): f is MeasureDef => f.category === 'measure');
  const lists = new Map(dims.map((d) => [d.name, valueList(d, now)]));
  const days = Math.max(0, ...dims.map((d) => d.days ?? 0));
  const count = days ? days * ROWS_PER_DAY : DEFAULT_ROWS;
  const driver = driverOf(explore);
  const groups = driver ? lists.get(driver.name)!.length : 1;
  const prng = new Prng(hashString(`${seedNumber}:${explore.name}`));
  const rows: Row[] = [];
  for (let i = 0; i < count; i++) {
    const row: Row = {};
    for (const dim of dims) {
      const values = lists.get(dim.name)!;
      // Dates cycle so every day has the same number of rows; other values are
      // drawn at random, after each has appeared once.
      const index = dim.days ? i % values.length : i < values.length ? i : Math.floor(prng.next() * values.length);
      row[dim.name] = values[index];
    }
    const spread = driver ? lists.get(driver.name)!.indexOf(row[driver.name]) / Math.max(1, groups - 1) : prng.next();
    for (const m of measures) {
      const [min, max] = m.range;
      const target = min + (max - min) * (0.3 * prng.next() + 0.7 * spread);
      // Averages and ratios are per-row values; additive measures share the group's target across its rows.
      const value = m.type === 'average' || m.type === 'number' ? target : (target * groups) / count;
      const scaled = value * 10 ** m.decimals;
      const whole = Math.floor(scaled);
      row[CONTRIBUTION + m.name] = whole + (prng.next() < scaled - whole ? 1 : 0);
    }
    rows.push(row);
  }
  return rows;
}
