// JSON Schema generated from zod, the one way lookerflow describes inputs to callers
// (list_job_types, tools/list). No hand-written JSON Schema anywhere.
import { z } from 'zod';

/**
 * `schema` as JSON Schema, as a caller fills it in (`io: 'input'`: fields with defaults are
 * optional). The `$schema` dialect line is left out: it repeats in every tool and job.
 */
export function jsonSchemaOf(schema: z.ZodType, io: 'input' | 'output' = 'input'): Record<string, unknown> {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
}

/**
 * Job inputs' JSON Schemas as list_job_types shows them: what a caller needs to fill them in,
 * short. Left out is what the job service checks anyway with a message naming the field (length
 * limits and ranges, the email regex next to `format: email`, `additionalProperties: false`: unknown fields
 * are refused) and tuning knobs (`.meta({ tuning: true })`, e.g. items per workflow run). A part
 * that several inputs share (`shared`, by name) is given once in `$defs` and referred to as
 * `{ "$ref": "#/$defs/<name>" }`.
 */
export function compactInputSchemas(
  inputs: z.ZodType[],
  shared: Record<string, z.ZodType> = {},
): { schemas: Record<string, unknown>[]; $defs: Record<string, unknown> } {
  const defs = Object.entries(shared).map(([name, schema]) => ({ name, schema: compact(jsonSchemaOf(schema)) }));
  const byText = new Map(defs.map((def) => [JSON.stringify(def.schema), def.name]));
  const used = new Set<string>();
  const share = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(share);
    if (!node || typeof node !== 'object') return node;
    const name = byText.get(JSON.stringify(node));
    if (name) return used.add(name), { $ref: `#/$defs/${name}` };
    return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, share(value)]));
  };
  const schemas = inputs.map((input) => share(compact(jsonSchemaOf(input))) as Record<string, unknown>);
  return { schemas, $defs: Object.fromEntries(defs.filter((def) => used.has(def.name)).map((def) => [def.name, def.schema])) };
}

const isEmpty = (value: unknown): boolean =>
  Array.isArray(value) ? value.length === 0 : Boolean(value) && typeof value === 'object' && Object.values(value as object).every(isEmpty);

/** Keys that say nothing a caller needs (given the node they are in). */
const DROPPED: Record<string, (value: unknown, node: Record<string, unknown>) => boolean> = {
  maxLength: () => true,
  maxItems: () => true,
  minimum: () => true,
  maximum: () => true,
  minLength: (value) => value === 1,
  minItems: (value) => value === 1,
  additionalProperties: (value) => value === false,
  // Property names are strings; an empty list or object is what leaving the field out means, and
  // an object's default is its properties' defaults.
  propertyNames: (value) => JSON.stringify(compact(value)) === '{"type":"string"}',
  default: (value) => isEmpty(value) || (typeof value === 'object' && !Array.isArray(value)),
  pattern: (_, node) => node.format === 'email',
  // Implied by the properties, enum, format, pattern or default next to it.
  type: (value, node) =>
    (value === 'object' && 'properties' in node) ||
    (value === 'string' && ['enum', 'format', 'pattern'].some((k) => k in node)) ||
    (value === 'boolean' && typeof node.default === 'boolean'),
};

function compact(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(compact);
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  const record = node as Record<string, unknown>;
  for (const [key, value] of Object.entries(record)) {
    if (DROPPED[key]?.(value, record)) continue;
    if (key === 'properties') {
      const kept = Object.entries(value as Record<string, Record<string, unknown>>).filter(([, property]) => !property.tuning);
      out[key] = Object.fromEntries(kept.map(([name, property]) => [name, compact(property)]));
    } else out[key] = compact(value);
  }
  return out;
}
