/**
 * Builds and completes values of the spec's models: Looker returns every
 * property a model declares (null, false, [] or a value), so a response is
 * filled up to its schema here, with Looker-like defaults.
 */
import type { JsonSchema, LoadedSpec } from '../core/spec';

export const REF_PREFIX = '#/components/schemas/';

/** Looker puts a `can` map on most objects; the emulator grants everything it shows. */
const CAN = { show: true, index: true, update: true, destroy: true };

export function refName(schema: JsonSchema | undefined): string | undefined {
  const ref = schema?.$ref;
  return typeof ref === 'string' && ref.startsWith(REF_PREFIX) ? ref.slice(REF_PREFIX.length) : undefined;
}

export class Models {
  constructor(private readonly spec: LoadedSpec) {}

  schema(name: string): JsonSchema | undefined {
    return this.spec.schemas[name];
  }

  properties(name: string): Record<string, JsonSchema> {
    return (this.spec.schemas[name]?.properties ?? {}) as Record<string, JsonSchema>;
  }

  /** Resolves `$ref` one level. */
  resolve(schema: JsonSchema): JsonSchema {
    const name = refName(schema);
    return name ? (this.spec.schemas[name] ?? {}) : schema;
  }

  /** A fresh instance of a model: every property present, defaults where nothing is known. */
  instance(name: string, values: Record<string, unknown> = {}, nowIso = new Date(0).toISOString()): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [prop, schema] of Object.entries(this.properties(name))) {
      out[prop] = prop in values && values[prop] !== undefined ? values[prop] : this.defaultFor(prop, schema, nowIso, 0);
    }
    for (const [prop, value] of Object.entries(values)) if (!(prop in out) && value !== undefined) out[prop] = value;
    return out;
  }

  /** The value Looker shows for a property nobody set. */
  defaultFor(prop: string, schema: JsonSchema, nowIso: string, depth: number): unknown {
    if (prop === 'can' && schema.type === 'object') return { ...CAN };
    if (schema.nullable === true) return null;
    const name = refName(schema);
    if (name) return depth > 5 ? {} : this.completeObject(name, {}, nowIso, depth + 1);
    if (Array.isArray(schema.enum) && schema.enum.length) return schema.enum[0];
    switch (schema.type) {
      case 'boolean':
        return false;
      case 'integer':
      case 'number':
        return 0;
      case 'array':
        return [];
      case 'object':
        return {};
      case 'string':
        return schema.format === 'date-time' ? nowIso : schema.format === 'date' ? nowIso.slice(0, 10) : '';
      default:
        return null;
    }
  }

  /**
   * Adds every declared property missing from a value of the given schema,
   * recursing into nested models and arrays of models. Mutates and returns `value`.
   */
  complete(schema: JsonSchema | undefined, value: unknown, nowIso: string, depth = 0): unknown {
    if (!schema || depth > 6 || value === null || typeof value !== 'object') return value;
    if (Array.isArray(value)) {
      const items = schema.type === 'array' ? (schema.items as JsonSchema | undefined) : undefined;
      if (items) for (const item of value) this.complete(items, item, nowIso, depth + 1);
      return value;
    }
    const name = refName(schema);
    if (name) return this.completeObject(name, value as Record<string, unknown>, nowIso, depth);
    return value;
  }

  private completeObject(name: string, value: Record<string, unknown>, nowIso: string, depth: number): Record<string, unknown> {
    for (const [prop, propSchema] of Object.entries(this.properties(name))) {
      if (value[prop] === undefined) value[prop] = this.defaultFor(prop, propSchema, nowIso, depth);
      else this.complete(propSchema, value[prop], nowIso, depth + 1);
    }
    return value;
  }
}
