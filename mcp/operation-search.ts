// search_operations and describe_operation: the Looker operation catalogue, trimmed for an
// agent's context (ids, one-line summaries, classes; parameters and body fields on request).
import { findOperation, loadSpec, operations, type Operation } from '../common/operations/catalogue';

export interface OperationHit {
  id: string;
  class: string;
  summary: string;
}

/** Up to `limit` operations whose id, summary, path or tags match most of the keywords. */
export function searchOperations(query: string, limit = 20): OperationHit[] {
  const words = query.toLowerCase().split(/[^a-z0-9_]+/).filter(Boolean);
  if (!words.length) return [];
  const scored: Array<{ op: Operation; score: number }> = [];
  for (const op of operations().values()) {
    if (op.privileged) continue;
    const id = op.id.toLowerCase();
    const text = `${op.summary} ${op.path} ${op.tags.join(' ')}`.toLowerCase();
    let score = 0;
    for (const word of words) {
      const stem = word.replace(/s$/, '');
      if (id.split('_').includes(word) || id.split('_').includes(stem)) score += 3;
      else if (id.includes(stem)) score += 2;
      else if (text.includes(stem)) score += 1;
    }
    if (score > 0) scored.push({ op, score: score - op.id.length / 100 });
  }
  return scored
    .sort((a, b) => b.score - a.score)
    .slice(0, limit)
    .map(({ op }) => ({ id: op.id, class: op.class + (op.async ? ',async' : '') + (op.binary ? ',binary' : ''), summary: op.summary }));
}

export interface OperationDescription {
  id: string;
  verb: string;
  path: string;
  class: string;
  summary: string;
  parameters: Array<{ name: string; in: string; type: string; required: boolean; description: string }>;
  body?: { schema: string; fields: string[] };
  response?: { schema: string; fields: string[] };
  example: string;
}

const MAX_FIELDS = 40;

export function describeOperation(id: string): OperationDescription | undefined {
  const op = findOperation(id);
  if (!op || op.privileged) return undefined;
  const params = Object.fromEntries(op.parameters.filter((p) => p.required).map((p) => [p.name, p.type === 'string' ? '…' : p.type]));
  if (op.body?.required) Object.assign(params, { body: {} });
  return {
    id: op.id,
    verb: op.verb,
    path: op.path,
    class: op.class,
    summary: op.summary,
    parameters: op.parameters.map((p) => ({ name: p.name, in: p.in, type: p.type, required: p.required, description: p.description.split('\n')[0].slice(0, 120) })),
    ...(op.body ? { body: { schema: op.body.schema, fields: fieldsOf(op.body.schema, true) } } : {}),
    ...(op.response ? { response: { schema: op.response, fields: fieldsOf(op.response, false) } } : {}),
    example: `await looker.${op.id}(${JSON.stringify(params)})`,
  };
}

/** `name: type` for each field of a schema (writable ones only for a body), trimmed. */
function fieldsOf(schemaName: string, writableOnly: boolean): string[] {
  const name = schemaName.replace(/^\[|\]$/g, '');
  const schema = loadSpec().components.schemas[name];
  if (!schema?.properties) return [];
  const fields = Object.entries(schema.properties)
    .filter(([, p]) => !(writableOnly && p.readOnly))
    .map(([field, p]) => `${field}: ${p.$ref ? p.$ref.split('/').pop() : p.type === 'array' ? `[${p.items?.$ref?.split('/').pop() ?? p.items?.type ?? 'any'}]` : p.type ?? 'any'}`);
  return fields.length > MAX_FIELDS ? [...fields.slice(0, MAX_FIELDS), `… ${fields.length - MAX_FIELDS} more`] : fields;
}
