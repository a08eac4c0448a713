/**
 * Validates request bodies, parameters and (in test mode) responses against
 * the spec's component schemas with ajv.
 *
 * The spec is OpenAPI 3.0, not JSON Schema, so schemas are rewritten first:
 * `nullable` becomes a `null` type, `type: any` is dropped, and for requests
 * `readOnly` properties are tolerated but never required (the SDK's write
 * types omit them; Looker ignores them). PATCH bodies and `fields=`-trimmed
 * responses use a "partial" variant without `required`.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { JsonSchema, LoadedSpec, SpecOperation } from './spec';
import type { ValidationDetail } from './errors';

type Variant = 'request' | 'partial-request' | 'response' | 'partial-response';

export class SchemaValidator {
  private readonly ajvByVariant = new Map<Variant, Ajv>();
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(private readonly spec: LoadedSpec) {}

  /** Returns 422-style details for a request body, or [] when valid. */
  validateRequestBody(op: SpecOperation, body: unknown): ValidationDetail[] {
    if (!op.requestBody || op.requestBody.contentType !== 'application/json') return [];
    const variant: Variant = op.method === 'PATCH' ? 'partial-request' : 'request';
    const validate = this.compile(variant, op.requestBody.schema, `${op.operationId}:body:${variant}`);
    return validate(body) ? [] : toDetails(validate.errors ?? []);
  }

  /** Returns a list of human-readable mismatches for a JSON response body. */
  validateResponse(op: SpecOperation, status: number, body: unknown, trimmed: boolean): string[] {
    const declared = op.responses[String(status)];
    // Looker sends some error statuses the spec does not declare (401, 409 on a few
    // operations); their bodies still follow Error / ValidationError.
    const fallback = status >= 400 ? { $ref: `#/components/schemas/${status === 422 ? 'ValidationError' : 'Error'}` } : undefined;
    const schema = declared === undefined ? fallback : declared?.['application/json'];
    if (!schema) return declared === undefined ? [`status ${status} is not declared for ${op.operationId}`] : [];
    // Raw result operations (run_query...) declare `string` whatever the format.
    if ((schema as { type?: string }).type === 'string') return [];
    const variant: Variant = trimmed ? 'partial-response' : 'response';
    const validate = this.compile(variant, schema, `${op.operationId}:${status}:${variant}`);
    if (validate(body)) return [];
    return (validate.errors ?? []).map((e) => `${op.operationId} ${status}: ${e.instancePath || '/'} ${e.message}`);
  }

  private compile(variant: Variant, schema: JsonSchema, key: string): ValidateFunction {
    let fn = this.compiled.get(key);
    if (!fn) {
      fn = this.ajv(variant).compile(rewriteSchema(schema, variant));
      this.compiled.set(key, fn);
    }
    return fn;
  }

  private ajv(variant: Variant): Ajv {
    let ajv = this.ajvByVariant.get(variant);
    if (!ajv) {
      ajv = new Ajv({ strict: false, allErrors: true, validateFormats: variant.endsWith('response') });
      addFormats(ajv);
      for (const format of ['int64', 'int32', 'float', 'double', 'any']) ajv.addFormat(format, true);
      const components = Object.fromEntries(
        Object.entries(this.spec.schemas).map(([name, s]) => [name, rewriteSchema(s, variant)]),
      );
      ajv.addSchema({ $id: 'looker', components: { schemas: components } });
      this.ajvByVariant.set(variant, ajv);
    }
    return ajv;
  }
}

/** Converts an OpenAPI 3.0 schema fragment to plain JSON Schema for the given variant. */
function rewriteSchema(schema: unknown, variant: Variant): any {
  if (Array.isArray(schema)) return schema.map((s) => rewriteSchema(s, variant));
  if (!schema || typeof schema !== 'object') return schema;
  const out: Record<string, unknown> = {};
  const src = schema as Record<string, any>;
  for (const [key, value] of Object.entries(src)) {
    if (key === '$ref' && typeof value === 'string') out.$ref = value.replace(/^#/, 'looker#');
    else if (key === 'properties') {
      out.properties = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rewriteSchema(v, variant)]));
    } else if (key === 'required') {
      if (variant.startsWith('partial')) continue;
      const props = src.properties ?? {};
      const required = variant === 'request' ? value.filter((r: string) => !props[r]?.readOnly) : value;
      if (required.length) out.required = required;
    } else if (key === 'nullable' || key === 'readOnly' || key.startsWith('x-') || key === 'description') continue;
    else if (key === 'type' && value === 'any') continue;
    else out[key] = rewriteSchema(value, variant);
  }
  if (src.nullable === true && typeof out.type === 'string') out.type = [out.type, 'null'];
  if (src.nullable === true && Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
  if (src.nullable === true && out.$ref) return { anyOf: [{ $ref: out.$ref }, { type: 'null' }] };
  if (src.type === 'any' && src.format === 'any') delete out.format;
  // The spec puts some item enums on the array itself (e.g. user_attribute_filter_types).
  if (src.type === 'array' && Array.isArray(out.enum) && out.items) {
    out.items = { ...(out.items as object), enum: out.enum };
    delete out.enum;
  }
  return out;
}

function toDetails(errors: ErrorObject[]): ValidationDetail[] {
  return errors.map((e) => {
    const path = e.instancePath.replace(/^\//, '').replace(/\//g, '.');
    if (e.keyword === 'required') {
      const missing = String((e.params as { missingProperty: string }).missingProperty);
      return { field: path ? `${path}.${missing}` : missing, code: 'missing', message: 'This field is required.' };
    }
    return { field: path || 'body', code: 'invalid', message: e.message ?? 'is invalid' };
  });
}
