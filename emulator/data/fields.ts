/** Types and builders for the LookML fields of the emulator's catalogue. */

/** Days of generated history behind synthetic date dimensions (two years: "last year" has data). */
export const HISTORY_DAYS = 730;

export type DimensionType = 'string' | 'number' | 'date' | 'date_time' | 'yesno';
export type MeasureType = 'count' | 'sum' | 'average' | 'count_distinct' | 'number';

interface FieldBase {
  /** Fully qualified: `view.field`. */
  name: string;
  label_short: string;
  description: string;
}

export interface DimensionDef extends FieldBase {
  category: 'dimension';
  type: DimensionType;
  /** Categorical values to enumerate. */
  values?: string[];
  /** Date dimension: one value per day for the last N days (the generated history). */
  days?: number;
  /** Numeric id dimension: ids 1..N. */
  ids?: number;
}

export interface MeasureDef extends FieldBase {
  category: 'measure';
  type: MeasureType;
  /** Synthetic explores: the range of the measure per value of the driver dimension (see query/facts.ts). */
  range: [number, number];
  decimals: number;
  /** State-backed explores: how to aggregate over base rows. */
  aggregate?: { kind: 'count' } | { kind: 'sum' | 'count_distinct' | 'average' | 'max'; of: string };
}

export type FieldDef = DimensionDef | MeasureDef;

export interface ExploreDef {
  name: string;
  label: string;
  description: string;
  fields: FieldDef[];
  /** true when rows come from the emulator state rather than the PRNG. */
  stateBacked?: boolean;
  /** The dimension that spreads measure values across their range (default: the first categorical one). */
  driver?: string;
}

export interface ModelDef {
  name: string;
  label: string;
  project_name: string;
  connection: string;
  explores: ExploreDef[];
}

export const dim = (name: string, label_short: string, type: DimensionType, extra: Partial<DimensionDef> = {}): DimensionDef => ({
  name,
  label_short,
  type,
  category: 'dimension',
  description: extra.description ?? `${label_short} of the ${name.split('.')[0].replace(/_/g, ' ')}`,
  ...extra,
});

export const measure = (name: string, label_short: string, type: MeasureType, range: [number, number], extra: Partial<MeasureDef> = {}): MeasureDef => ({
  name,
  label_short,
  type,
  range,
  decimals: type === 'count' || type === 'count_distinct' ? 0 : 2,
  category: 'measure',
  description: extra.description ?? `${label_short} (${type})`,
  ...extra,
});

