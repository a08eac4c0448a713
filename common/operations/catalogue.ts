// The catalogue of every Looker API 4.0 operation, read from the spec lookerflow ships
// (common/operations/Looker.4.0.oas.json, the same file as emulator/spec/): id, verb, path,
// summary, parameters, body and response schemas (as $ref names), tags, and how lookerflow
// treats it (classify.ts). The MCP tools search and describe it; lookerCall maps parameters
// with it. Read once per process.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { classify, type OperationFlags } from './classify';

export const SPEC_FILE = join(__dirname, 'Looker.4.0.oas.json');

export interface OperationParameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required: boolean;
  type: string;
  description: string;
}

export interface Operation extends OperationFlags {
  id: string;
  verb: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  summary: string;
  description: string;
  tags: string[];
  parameters: OperationParameter[];
  /** The request body's schema name (e.g. `WriteUser`), or its type when not a $ref. */
  body?: { schema: string; required: boolean };
  /** The success response's schema name, or its type (`[Dashboard]` for an array). */
  response?: string;
  responseContentTypes: string[];
}

interface SpecSchema {
  $ref?: string;
  type?: string;
  items?: SpecSchema;
}

interface SpecOperation {
  operationId?: string;
  summary?: string;
  description?: string;
  tags?: string[];
  parameters?: Array<{ name: string; in: OperationParameter['in']; required?: boolean; description?: string; schema?: SpecSchema }>;
  requestBody?: { required?: boolean; content?: Record<string, { schema?: SpecSchema }> };
  responses?: Record<string, { content?: Record<string, { schema?: SpecSchema }> }>;
}

export interface Spec {
  paths: Record<string, Record<string, SpecOperation>>;
  components: { schemas: Record<string, { properties?: Record<string, { type?: string; description?: string; readOnly?: boolean; $ref?: string; items?: SpecSchema }>; required?: string[] }> };
}

let cached: { spec: Spec; operations: Map<string, Operation> } | undefined;

export function loadSpec(): Spec {
  return load().spec;
}

/** Every operation by id, in the spec's order. */
export function operations(): Map<string, Operation> {
  return load().operations;
}

export function findOperation(id: string): Operation | undefined {
  return operations().get(id);
}

function load() {
  if (!cached) {
    const spec = JSON.parse(readFileSync(SPEC_FILE, 'utf8')) as Spec;
    cached = { spec, operations: catalogueOf(spec) };
  }
  return cached;
}

export function catalogueOf(spec: Spec): Map<string, Operation> {
  const result = new Map<string, Operation>();
  for (const [path, verbs] of Object.entries(spec.paths)) {
    for (const [verb, op] of Object.entries(verbs)) {
      if (!op.operationId) continue;
      const success = Object.entries(op.responses ?? {}).find(([code]) => code.startsWith('2'))?.[1];
      const responseContentTypes = Object.keys(success?.content ?? {});
      const bodyContent = Object.values(op.requestBody?.content ?? {})[0];
      result.set(op.operationId, {
        id: op.operationId,
        verb: verb.toUpperCase() as Operation['verb'],
        path,
        summary: op.summary ?? '',
        description: op.description ?? '',
        tags: op.tags ?? [],
        parameters: (op.parameters ?? []).map((p) => ({
          name: p.name,
          in: p.in,
          required: p.required ?? false,
          type: schemaName(p.schema),
          description: (p.description ?? '').trim(),
        })),
        body: bodyContent ? { schema: schemaName(bodyContent.schema), required: op.requestBody?.required ?? false } : undefined,
        response: success?.content ? schemaName(Object.values(success.content)[0]?.schema) : undefined,
        responseContentTypes,
        ...classify(verb, op.operationId, responseContentTypes),
      });
    }
  }
  return result;
}

export function schemaName(schema: SpecSchema | undefined): string {
  if (!schema) return 'any';
  if (schema.$ref) return schema.$ref.split('/').pop() ?? schema.$ref;
  if (schema.type === 'array') return `[${schemaName(schema.items)}]`;
  return schema.type ?? 'any';
}
