/**
 * Path and query parameters, coerced to the types the spec declares
 * (query strings are text on the wire; the SDK sends arrays comma-joined).
 */
import { ApiError, validationFailed, type ValidationDetail } from './errors';
import type { SpecOperation } from './spec';

export class Params {
  constructor(private readonly values: Record<string, unknown>) {}

  has(name: string): boolean {
    return this.values[name] !== undefined;
  }

  string(name: string): string {
    const value = this.values[name];
    if (value === undefined) throw new ApiError(400, `Missing parameter ${name}`);
    return String(value);
  }

  optString(name: string): string | undefined {
    const value = this.values[name];
    return value === undefined ? undefined : String(value);
  }

  optInt(name: string): number | undefined {
    const value = this.values[name];
    return typeof value === 'number' ? value : undefined;
  }

  bool(name: string): boolean | undefined {
    const value = this.values[name];
    return typeof value === 'boolean' ? value : undefined;
  }

  list(name: string): string[] | undefined {
    const value = this.values[name];
    return Array.isArray(value) ? value.map(String) : undefined;
  }

  /** All query-ish values, for search criteria. */
  entries(): [string, unknown][] {
    return Object.entries(this.values).filter(([, v]) => v !== undefined);
  }
}

/** Builds Params for an operation; bad types answer 400, missing required ones 422 (like Looker). */
export function parseParams(op: SpecOperation, pathParams: Record<string, string>, query: URLSearchParams): Params {
  const values: Record<string, unknown> = {};
  const missing: ValidationDetail[] = [];
  for (const param of op.parameters) {
    const raw = param.in === 'path' ? pathParams[param.name] : query.getAll(param.name);
    const text = Array.isArray(raw) ? (raw.length ? raw.join(',') : undefined) : raw;
    if (text === undefined) {
      if (param.required) missing.push({ field: param.name, code: 'missing', message: 'This field is required.' });
      continue;
    }
    values[param.name] = coerce(param.name, text, String(param.schema?.type ?? 'string'));
  }
  if (missing.length) throw validationFailed(missing);
  return new Params(values);
}

function coerce(name: string, text: string, type: string): unknown {
  switch (type) {
    case 'integer': {
      if (!/^-?\d+$/.test(text.trim())) throw new ApiError(400, `Invalid value for parameter ${name}: expected an integer`);
      return Number(text);
    }
    case 'number': {
      const n = Number(text);
      if (Number.isNaN(n)) throw new ApiError(400, `Invalid value for parameter ${name}: expected a number`);
      return n;
    }
    case 'boolean': {
      if (!/^(true|false)$/i.test(text)) throw new ApiError(400, `Invalid value for parameter ${name}: expected true or false`);
      return text.toLowerCase() === 'true';
    }
    case 'array':
      return text === '' ? [] : text.split(',').map((s) => s.trim());
    default:
      return text;
  }
}
