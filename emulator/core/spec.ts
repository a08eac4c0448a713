/**
 * Loads the Looker API 4.0 OpenAPI spec shipped in emulator/spec and exposes
 * its operations in a shape the router and validators can use directly.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export type JsonSchema = Record<string, unknown>;

export interface SpecParameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'body';
  required?: boolean;
  schema?: JsonSchema;
}

export interface SpecOperation {
  operationId: string;
  method: string; // upper case, e.g. 'GET'
  pathTemplate: string; // e.g. '/dashboards/{dashboard_id}'
  parameters: SpecParameter[];
  /** JSON (or form) request body schema, if the operation takes a body. */
  requestBody?: { schema: JsonSchema; contentType: string; required: boolean };
  /** Response schemas by status code and content type. */
  responses: Record<string, Record<string, JsonSchema> | null>;
}

export interface LoadedSpec {
  version: string;
  releaseVersion: string;
  operations: SpecOperation[];
  schemas: Record<string, JsonSchema>;
}

export const SPEC_PATH = join(__dirname, '..', 'spec', 'Looker.4.0.oas.json');

let cached: LoadedSpec | undefined;

/** Parses the spec once per process; it is ~2 MB, so every emulator instance shares it. */
export function loadSpec(): LoadedSpec {
  if (cached) return cached;
  const raw = JSON.parse(readFileSync(SPEC_PATH, 'utf8'));
  const operations: SpecOperation[] = [];
  for (const [pathTemplate, methods] of Object.entries<Record<string, any>>(raw.paths)) {
    for (const [method, op] of Object.entries<any>(methods)) {
      const json = op.requestBody?.content?.['application/json'];
      const form = op.requestBody?.content?.['application/x-www-form-urlencoded'];
      const text = op.requestBody?.content?.['text/plain'];
      const body = json ?? form ?? text;
      const responses: SpecOperation['responses'] = {};
      for (const [status, response] of Object.entries<any>(op.responses ?? {})) {
        responses[status] = response.content
          ? Object.fromEntries(Object.entries<any>(response.content).map(([ct, c]) => [ct, c.schema ?? {}]))
          : null;
      }
      operations.push({
        operationId: op.operationId,
        method: method.toUpperCase(),
        pathTemplate,
        parameters: op.parameters ?? [],
        requestBody: body
          ? { schema: body.schema ?? {}, contentType: json ? 'application/json' : form ? 'application/x-www-form-urlencoded' : 'text/plain', required: !!op.requestBody.required }
          : undefined,
        responses,
      });
    }
  }
  cached = {
    version: raw.info.version,
    releaseVersion: raw.info['x-looker-release-version'],
    operations,
    schemas: raw.components.schemas,
  };
  return cached;
}
