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
