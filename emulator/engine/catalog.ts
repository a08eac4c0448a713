/**
 * Reads the spec once and says, for every operation, what the generic
 * resource engine does with it: which model (collection) it touches, which
 * path parameter names the record, which ones name its parents, and whether
 * it creates, reads, lists, merges, replaces, deletes or is an action.
 */
import type { JsonSchema, LoadedSpec, SpecOperation } from '../core/spec';
import { refName } from './instance';

export type EngineKind = 'create' | 'read' | 'list' | 'update' | 'replace' | 'delete' | 'singleton-create' | 'singleton-read' | 'singleton-update' | 'singleton-delete' | 'action';

export interface EngineOp {
  kind: EngineKind;
  /** Model (collection) name, e.g. `Board`; absent for actions without a model. */
  model?: string;
  /** Path or query parameter that names the record, and the model property it matches. */
  idParam?: string;
  idProp?: string;
  /** Path parameters naming parent records (`project_id` of a git branch...). */
  parentParams: string[];
  /** Success status and body schema the spec declares. */
  status: number;
  schema?: JsonSchema;
  contentType?: string;
  /** A per-parent singleton that can be created and deleted (a user's TOTP credentials): absent until created. */
  optional?: boolean;
}

export class EngineCatalog {
  readonly ops = new Map<string, EngineOp>();
  /** Path parameter -> the model it names (`board_id` -> Board). */
  readonly paramModels = new Map<string, string>();
  /** Model -> the model property that is its identity (`id`, or `name` for connections...). */
  readonly idProps = new Map<string, string>();

  /** GET operation and methods by path template, so classifying stays linear in the spec's size. */
  private readonly getByTemplate = new Map<string, SpecOperation>();
  private readonly methodsByTemplate = new Map<string, Set<string>>();

  constructor(private readonly spec: LoadedSpec) {
    for (const op of spec.operations) {
      if (op.method === 'GET') this.getByTemplate.set(op.pathTemplate, op);
      const methods = this.methodsByTemplate.get(op.pathTemplate) ?? new Set<string>();
      this.methodsByTemplate.set(op.pathTemplate, methods.add(op.method));
    }
    const reads = spec.operations.filter((op) => op.method === 'GET').sort((a, b) => a.pathTemplate.length - b.pathTemplate.length);
    for (const op of reads) {
      const model = singleModel(op);
      const last = lastParam(op);
      const prop = model && last ? this.idPropFor(model, last) : undefined;
      if (model && last && prop) {
        if (!this.paramModels.has(last)) this.paramModels.set(last, model);
        if (!this.idProps.has(model)) this.idProps.set(model, prop);
      }
    }
    for (const op of spec.operations) this.ops.set(op.operationId, this.classify(op));
  }

  idPropFor(model: string, param: string): string | undefined {
    const props = this.spec.schemas[model]?.properties as Record<string, unknown> | undefined;
    if (!props) return undefined;
    if (param in props) return param;
    if (param.endsWith('_name') && 'name' in props) return 'name';
    if ((param.endsWith('_id') || param === 'id' || param.endsWith('_guid')) && 'id' in props) return 'id';
    if (param.endsWith('_slug') && 'slug' in props) return 'slug';
    return undefined;
  }

  private classify(op: SpecOperation): EngineOp {
    const success = successOf(op);
    const base = { status: success.status, schema: success.schema, contentType: success.contentType };
    const pathParams = (op.pathTemplate.match(/\{(\w+)\}/g) ?? []).map((p) => p.slice(1, -1));
    const last = lastParam(op);
    const withId = (kind: EngineKind, model: string, idParam: string): EngineOp => ({
      kind, model, idParam, idProp: this.idPropFor(model, idParam), parentParams: pathParams.filter((p) => p !== idParam), ...base,
    });
    const single = (kind: EngineKind, model: string): EngineOp => ({ kind, model, parentParams: pathParams, ...base });
    const action = (model?: string): EngineOp => ({ kind: 'action', model, parentParams: pathParams, ...base });
    const model = singleModel(op) ?? this.modelOfTemplate(op.pathTemplate);
    const listed = listModel(op);

    switch (op.method) {
      case 'GET':
        if (listed) return { kind: 'list', model: listed, parentParams: pathParams, ...base };
        if (!model) return action();
        if (last && this.idPropFor(model, last) && this.idProps.has(model)) return withId('read', model, last);
        if (!last) {
          const queryId = op.parameters.find((p) => p.in === 'query' && p.required && /_id$/.test(p.name));
          if (queryId && this.idPropFor(model, queryId.name)) return withId('read', model, queryId.name);
          const methods = this.methodsByTemplate.get(op.pathTemplate)!;
          const optional = pathParams.length > 0 && (methods.has('POST') || methods.has('DELETE'));
          return { ...single('singleton-read', model), optional };
        }
        return action(model);
      case 'PATCH':
      case 'PUT': {
        if (!model) return action();
        if (last && this.idPropFor(model, last) && this.readable(model)) return withId(op.method === 'PATCH' ? 'update' : 'replace', model, last);
        if (!last && this.hasSingletonRead(op.pathTemplate, model)) return single('singleton-update', model);
        return action(model);
      }
      case 'DELETE': {
        const target = this.modelOfTemplate(op.pathTemplate);
        if (target && last && this.idPropFor(target, last)) return withId('delete', target, last);
        if (target && !last) return single('singleton-delete', target);
        return action();
      }
      case 'POST': {
        const literalEnd = !last;
        if (model && literalEnd && this.readable(model) && op.requestBody && this.idProps.has(model) && !isActionWord(op.pathTemplate)) {
          return { kind: 'create', model, idProp: this.idProps.get(model), parentParams: pathParams, ...base };
        }
        if (model && literalEnd && pathParams.length && this.hasSingletonRead(op.pathTemplate, model)) return single('singleton-create', model);
        return action(model);
      }
      default:
        return action(model);
    }
  }

  /** True when some GET reads single records of this model by a path parameter. */
  private readable(model: string): boolean {
    return this.idProps.has(model);
  }

  private hasSingletonRead(template: string, model: string): boolean {
    const get = this.getByTemplate.get(template);
    return !!get && singleModel(get) === model;
  }

  /** The model a GET on the same path returns (DELETE and PATCH share their GET's path). */
  private modelOfTemplate(template: string): string | undefined {
    const get = this.getByTemplate.get(template);
    return get ? singleModel(get) : undefined;
  }
}

const ACTION_WORDS = /\/(validate|test|run|deploy\w*|reset\w*|copy|import|sync|lock_all|tag|repair|acquire|generate_tokens|form|analyze|chat|send|enqueue|follow|accept_legal_agreement|search|user_state|cost_estimate)$/;

function isActionWord(template: string): boolean {
  return ACTION_WORDS.test(template);
}

function lastParam(op: SpecOperation): string | undefined {
  const match = /\{(\w+)\}$/.exec(op.pathTemplate);
  return match?.[1];
}

function successOf(op: SpecOperation): { status: number; schema?: JsonSchema; contentType?: string } {
  const codes = Object.keys(op.responses).filter((c) => /^2\d\d$/.test(c)).sort();
  for (const code of codes) {
    const content = op.responses[code];
    if (!content) continue;
    const json = content['application/json'];
    const jsonIsString = (json as { type?: string } | undefined)?.type === 'string';
    // DELETEs declare `200/204 -> string`; Looker answers 204 with no body.
    if (jsonIsString && codes.includes('204') && op.method !== 'GET') return { status: 204 };
    const [contentType, schema] = json ? ['application/json', json] : Object.entries(content)[0];
    return { status: Number(code), schema, contentType };
  }
  return { status: codes.includes('204') ? 204 : Number(codes[0] ?? 200) };
}

function successSchema(op: SpecOperation): JsonSchema | undefined {
  const { schema, contentType } = successOf(op);
  return contentType === 'application/json' ? schema : undefined;
}

function singleModel(op: SpecOperation): string | undefined {
  return refName(successSchema(op));
}

function listModel(op: SpecOperation): string | undefined {
  const schema = successSchema(op);
  return schema?.type === 'array' ? refName(schema.items as JsonSchema) : undefined;
}
