/**
 * The spec-driven resource engine: default, stateful behaviour for every
 * operation without a hand-written handler. POST creates (every declared
 * property filled), GET reads or lists with Looker's search rules, PATCH
 * merges, PUT replaces, DELETE removes (and what hangs off the record);
 * actions answer their declared shape with deterministic content.
 */
import type { Handler, RequestContext } from '../core/context';
import { ApiError, invalidField, missingField, notFound } from '../core/errors';
import { Reply } from '../core/reply';
import { search } from '../core/search';
import type { JsonSchema, LoadedSpec } from '../core/spec';
import type { EmulatorState } from '../core/state';
import { EngineCatalog, type EngineOp } from './catalog';
import { Models, refName } from './instance';
import { collection, findRecord, insertRecord, linksMatch, nextEngineId, removeChildren, removeRecord, type EngineRecord } from './store';

/** Hand-written collections, so the engine can check parents such as `dashboard_id`. */
const HAND_COLLECTIONS: Record<string, keyof EmulatorState> = {
  User: 'users', Dashboard: 'dashboards', Look: 'looks', Role: 'roles', Group: 'groups', Folder: 'folders',
  Query: 'queries', ScheduledPlan: 'scheduled_plans', Alert: 'alerts', UserAttribute: 'user_attributes',
  DashboardElement: 'dashboard_elements', DashboardFilter: 'dashboard_filters', ContentMeta: 'content_metadata',
};

/** Models whose id Looker takes from another property (a project is named by its name). */
const IDENTITY_FROM: Record<string, string> = { Project: 'name' };

export type Behaviour = (ctx: RequestContext, engine: ResourceEngine) => unknown;

export class ResourceEngine {
  readonly catalog: EngineCatalog;
  readonly models: Models;

  constructor(
    spec: LoadedSpec,
    private readonly behaviours: Record<string, Behaviour>,
    private readonly derived: Record<string, (ctx: RequestContext, engine: ResourceEngine, value: Record<string, unknown>) => Record<string, unknown>> = {},
  ) {
    this.catalog = new EngineCatalog(spec);
    this.models = new Models(spec);
  }

  /** The engine's handler for an operation: a specific behaviour if one is registered, else the generic one. */
  handler(operationId: string): Handler {
    const behaviour = this.behaviours[operationId];
    if (behaviour) return (ctx) => behaviour(ctx, this);
    return (ctx) => this.generic(ctx);
  }

  /**
   * Looker reads an empty JSON array as an empty hash, so `"filters": []`
   * is accepted as no filters; the body is rewritten before validation.
   */
  normalizeBody(op: { requestBody?: { schema: JsonSchema } }, body: unknown): unknown {
    const model = refName(op.requestBody?.schema);
    if (!model || !body || typeof body !== 'object' || Array.isArray(body)) return body;
    const props = this.models.properties(model);
    for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
      if (Array.isArray(value) && value.length === 0 && props[key]?.type === 'object') (body as Record<string, unknown>)[key] = {};
    }
    return body;
  }

  hasBehaviour(operationId: string): boolean {
    return operationId in this.behaviours;
  }

  op(ctx: RequestContext): EngineOp {
    return this.catalog.ops.get(ctx.op.operationId)!;
  }

  generic(ctx: RequestContext): unknown {
    const eop = this.op(ctx);
    const links = this.parentLinks(ctx, eop);
    const state = ctx.core.state;
    const model = eop.model!;
    switch (eop.kind) {
      case 'create':
        return this.reply(eop, this.present(ctx, model, this.create(ctx, model, ctx.body ?? {}, links).value));
      case 'read':
        return this.reply(eop, this.present(ctx, model, this.find(ctx, eop, links).value));
      case 'list': {
        const values = collection(state, model).filter((r) => linksMatch(r, links)).map((r) => r.value);
        return this.list(ctx, model, values);
      }
      case 'update':
      case 'replace': {
        const record = this.find(ctx, eop, links);
        this.write(ctx, model, record, ctx.body ?? {}, eop.kind === 'replace');
        return this.reply(eop, this.present(ctx, model, record.value));
      }
      case 'delete': {
        const record = this.find(ctx, eop, links);
        this.remove(state, model, record);
        return Reply.empty(204);
      }
      case 'singleton-read': {
        if (eop.optional && !this.existingSingleton(state, model, links)) throw notFound(`${model} not found`);
        return this.reply(eop, this.present(ctx, model, this.singleton(ctx, model, links).value));
      }
      case 'singleton-create': {
        const existing = this.existingSingleton(state, model, links);
        if (existing) removeRecord(state, model, existing);
        const record = this.singleton(ctx, model, links);
        this.write(ctx, model, record, { created_at: ctx.core.clock.now().toISOString(), ...(ctx.body ?? {}) }, false);
        return this.reply(eop, this.present(ctx, model, record.value));
      }
      case 'singleton-update': {
        const record = this.singleton(ctx, model, links);
        this.write(ctx, model, record, ctx.body ?? {}, ctx.op.method === 'PUT');
        return this.reply(eop, this.present(ctx, model, record.value));
      }
      case 'singleton-delete': {
        const record = collection(state, model).find((r) => linksMatch(r, links) && Object.keys(links).length > 0);
        if (record) removeRecord(state, model, record);
        return Reply.empty(204);
      }
      default:
        return this.action(ctx, eop);
    }
  }

  /** Filters, sorts and pages a model's values with Looker's search rules. */
  list(ctx: RequestContext, model: string, values: Record<string, unknown>[]): Reply {
    const ids = ctx.params.list('ids');
    const chosen = ids ? values.filter((v) => ids.includes(String(v.id))) : values;
    const criteria = Object.keys(this.models.properties(model));
    const { page, reply } = search(ctx, chosen, { criteria, defaultSort: criteria.includes('id') ? 'id' : undefined });
    return reply(page.map((v) => this.present(ctx, model, v)));
  }

  /** Creates a record from a body: declared properties kept, identity generated or taken from the body. */
  create(ctx: RequestContext, model: string, body: Record<string, unknown>, links: Record<string, string> = {}): EngineRecord {
    const state = ctx.core.state;
    const idProp = this.catalog.idProps.get(model) ?? 'id';
    const from = IDENTITY_FROM[model];
    if (from && (body[from] === undefined || body[from] === null || body[from] === '')) throw missingField(from);
    let id = from ? body[from] : body[idProp];
    // Looker assigns ids (and read-only identities such as a test config's slug) itself.
    const assigned = idProp === 'id' || this.models.properties(model)[idProp]?.readOnly === true;
    if (assigned && (id === undefined || id === null || id === '')) id = idProp === 'id' ? nextEngineId(state, model) : `${model.toLowerCase()}-${nextEngineId(state, model)}`;
    if (id === undefined || id === null || id === '') throw missingField(idProp);
    if (findRecord(state, model, idProp, String(id), links)) throw invalidField(idProp, `${model} with ${idProp} ${String(id)} already exists`, 'already_exists');
    const now = ctx.core.clock.now().toISOString();
    const props = this.models.properties(model);
    const stamps: Record<string, unknown> = {};
    for (const stamp of ['created_at', 'updated_at']) {
      if (props[stamp]) stamps[stamp] = props[stamp].format === 'date' ? now.slice(0, 10) : now;
    }
    if (props.user_id?.type === 'string' && !body.user_id) stamps.user_id = ctx.user?.id ?? null;
    const linked = Object.fromEntries(Object.entries(links).filter(([k]) => k in props));
    const value = this.models.instance(model, { ...stamps, ...this.declared(model, body), ...linked, [idProp]: String(id) }, now);
    return insertRecord(state, model, value, links);
  }

  write(ctx: RequestContext, model: string, record: EngineRecord, body: Record<string, unknown>, replace: boolean): void {
    const idProp = this.catalog.idProps.get(model) ?? 'id';
    const now = ctx.core.clock.now().toISOString();
    const declared = this.declared(model, body);
    const keep: Record<string, unknown> = { [idProp]: record.value[idProp] };
    if ('created_at' in record.value) keep.created_at = record.value.created_at ?? declared.created_at ?? null;
    record.value = replace ? this.models.instance(model, { ...declared, ...keep }, now) : { ...record.value, ...declared, ...keep };
    const stamp = this.models.properties(model).updated_at;
    if (stamp) record.value.updated_at = stamp.format === 'date' ? now.slice(0, 10) : now;
  }

  remove(state: EmulatorState, model: string, record: EngineRecord): void {
    removeRecord(state, model, record);
    const id = record.value[this.catalog.idProps.get(model) ?? 'id'];
    const params = [...this.catalog.paramModels].filter(([, m]) => m === model).map(([p]) => p);
    if (id != null && params.length) removeChildren(state, params, String(id));
  }

  /** A hand-written DELETE of a parent (a dashboard, a user) also removes the engine records hanging off it. */
  afterDelete(ctx: RequestContext): void {
    const last = /\{(\w+)\}$/.exec(ctx.op.pathTemplate)?.[1];
    const model = last ? this.catalog.paramModels.get(last) : undefined;
    const id = last ? ctx.params.optString(last) : undefined;
    if (!model || id === undefined || !HAND_COLLECTIONS[model]) return;
    // Removing an association (a user from a group, a user's attribute value) leaves the record named last in place.
    if ((ctx.core.state[HAND_COLLECTIONS[model]] as Record<string, unknown>)[id]) return;
    const params = [...this.catalog.paramModels].filter(([, m]) => m === model).map(([p]) => p);
    removeChildren(ctx.core.state, params, id);
  }

  find(ctx: RequestContext, eop: EngineOp, links: Record<string, string>): EngineRecord {
    const id = ctx.params.string(eop.idParam!);
    const record = findRecord(ctx.core.state, eop.model!, eop.idProp ?? 'id', id, links);
    if (!record) throw notFound(`${eop.model} not found`);
    return record;
  }

  existingSingleton(state: EmulatorState, model: string, links: Record<string, string>): EngineRecord | undefined {
    const exact = (r: EngineRecord) => Object.keys(r.links).length === Object.keys(links).length && linksMatch(r, links);
    return collection(state, model).find(exact);
  }

  singleton(ctx: RequestContext, model: string, links: Record<string, string>): EngineRecord {
    const found = this.existingSingleton(ctx.core.state, model, links);
    if (found) return found;
    const now = ctx.core.clock.now().toISOString();
    const props = this.models.properties(model);
    const linked = Object.fromEntries(Object.entries(links).filter(([k]) => k in props));
    return insertRecord(ctx.core.state, model, this.models.instance(model, linked, now), links);
  }

  /** A response value: write-only properties hidden, every declared property present. */
  present(ctx: RequestContext, model: string, value: Record<string, unknown>): Record<string, unknown> {
    const derive = this.derived[model];
    const out = structuredClone(derive ? derive(ctx, this, value) : value);
    // Keys starting with `_` are the engine's own bookkeeping.
    for (const key of Object.keys(out)) if (key.startsWith('_')) delete out[key];
    for (const [prop, schema] of Object.entries(this.models.properties(model))) {
      if ((schema as Record<string, unknown>)['x-looker-write-only']) out[prop] = schema.nullable ? null : this.models.defaultFor(prop, schema, '', 0);
    }
    return this.models.complete({ $ref: `#/components/schemas/${model}` }, out, ctx.core.clock.now().toISOString()) as Record<string, unknown>;
  }

  /** Only the properties a model declares (Looker ignores the rest). */
  declared(model: string, body: Record<string, unknown>): Record<string, unknown> {
    const props = this.models.properties(model);
    return Object.fromEntries(Object.entries(body ?? {}).filter(([k, v]) => k in props && v !== undefined));
  }

  /** Path parameters naming parents; a parent that does not exist is a 404. */
  parentLinks(ctx: RequestContext, eop: EngineOp): Record<string, string> {
    const links: Record<string, string> = {};
    for (const param of eop.parentParams) {
      const value = ctx.params.optString(param);
      if (value === undefined) continue;
      links[param] = value;
      this.assertExists(ctx, param, value);
    }
    return links;
  }

  assertExists(ctx: RequestContext, param: string, value: string): void {
    const model = this.catalog.paramModels.get(param);
    if (!model) return;
    const state = ctx.core.state;
    const hand = HAND_COLLECTIONS[model];
    if (hand) {
      if (!(state[hand] as Record<string, unknown>)[value]) throw notFound(`${model} not found`);
      return;
    }
    const idProp = this.catalog.idProps.get(model);
    if (idProp && state.resources?.[model] && !findRecord(state, model, idProp, value)) throw notFound(`${model} not found`);
  }

  reply(eop: EngineOp, value: unknown): unknown {
    return eop.status === 201 ? Reply.json(value, 201) : value;
  }

  /** Deterministic content of the declared shape, echoing what the request said. */
  action(ctx: RequestContext, eop: EngineOp): unknown {
    if (eop.status === 204) return Reply.empty(204);
    if (eop.contentType && eop.contentType !== 'application/json') return Reply.text('', eop.contentType);
    return this.sample(ctx, eop.schema);
  }

  sample(ctx: RequestContext, schema: JsonSchema | undefined): unknown {
    const model = refName(schema);
    if (model) {
      const fromParams = Object.fromEntries(ctx.params.entries().filter(([k]) => k in this.models.properties(model)));
      const body = ctx.body && typeof ctx.body === 'object' && !Array.isArray(ctx.body) ? ctx.body : {};
      return this.present(ctx, model, this.models.instance(model, { ...fromParams, ...this.declared(model, body) }, ctx.core.clock.now().toISOString()));
    }
    if (schema?.type === 'array') return [];
    if (schema?.type === 'string') return '';
    if (schema?.type === 'integer' || schema?.type === 'number') return 0;
    if (schema?.type === 'boolean') return true;
    return {};
  }
}

export function requireRecord(ctx: RequestContext, engine: ResourceEngine, model: string, id: string | undefined): EngineRecord {
  const record = id === undefined ? undefined : findRecord(ctx.core.state, model, engine.catalog.idProps.get(model) ?? 'id', id);
  if (!record) throw new ApiError(404, `${model} not found`);
  return record;
}
