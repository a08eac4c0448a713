/**
 * Arguments for any Looker API operation, synthesized from the spec: path
 * parameters name records of the demo seed, required query parameters and
 * body properties get plausible values of their declared types.
 */
import type { JsonSchema, LoadedSpec, SpecOperation } from '../emulator/core/spec';

/** Path and body ids that name records the demo seed has (or that a 404 answers correctly). */
const KNOWN: Record<string, string> = {
  dashboard_id: '3', lookml_dashboard_id: 'ecommerce::overview', look_id: '2', folder_id: '3', space_id: '3', query_id: '1', role_id: '3',
  group_id: '5', user_attribute_id: '1', connection_name: 'crm', project_id: 'sales', root_project_id: 'sales', model_name: 'ecommerce',
  lookml_model_name: 'ecommerce', explore_name: 'order_items', view_name: 'order_items', model: 'ecommerce', view: 'order_items',
  board_id: '1', board_section_id: '1', board_item_id: '2', collection_id: 'lookerflow-dark', theme_id: '1', datagroup_id: '1',
  permission_set_id: '3', model_set_id: '3', legacy_feature_id: '2', result_format: 'json', branch_name: 'main', file_id: 'sales.model.lkml',
  api_version: '4.0', specification: 'swagger', type: 'dashboard', resource_id: '1', terms: 'revenue', pattern: 'A%', namespace: 'lookerflow',
  scheduled_plan_id: '1', alert_id: '1', dashboard_element_id: '1', dashboard_filter_id: '1', content_metadata_id: '1', content_metadata_access_id: '1',
  field_name: 'order_items.status', query_task_id: 'missing-task', render_task_id: 'missing-task', slug: 'missing-slug', test_slug: 'missing',
  credentials_api3_id: '2', credentials_embed_id: '1', session_id: '1', user_id: '', name: 'Looker',
  dashboard_layout_id: '1', dashboard_layout_component_id: '1',
};

/** Bodies that are lists of ids, which a type alone cannot guess. */
const BODIES: Record<string, unknown> = {
  set_role_groups: ['5'], set_role_users: ['2'], set_user_roles: ['3'],
  // Bodies whose meaningful fields the spec does not mark required.
  create_service_account: { service_account_name: 'enum-service' },
  create_sql_query: { connection_name: 'warehouse', sql: 'select 1 as one' },
  set_user_attribute_group_values: [{ group_id: '3', value: 'enum' }],
  update_user_attribute_group_value: { value: 'enum' },
  create_dashboard_filter_state: '{"order_items.created_date":"7 days"}',
};

function known(name: string): string | undefined {
  return KNOWN[name] || undefined;
}

export class Synthesizer {
  constructor(private readonly spec: LoadedSpec, private readonly ids: Record<string, string> = {}) {}

  param(op: SpecOperation, name: string, schema: JsonSchema | undefined): unknown {
    const id = this.ids[name] ?? known(name);
    if (id !== undefined) return id;
    return this.value(schema ?? { type: 'string' }, name, 0);
  }

  /** Path parameters and required query parameters. */
  params(op: SpecOperation): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const p of op.parameters) if (p.in === 'path' || p.required) out[p.name] = this.param(op, p.name, p.schema);
    return out;
  }

  body(op: SpecOperation): unknown {
    if (op.operationId in BODIES) return BODIES[op.operationId];
    if (!op.requestBody || op.requestBody.contentType !== 'application/json') return undefined;
    return this.value(op.requestBody.schema, 'body', 0);
  }

  value(schema: JsonSchema, name: string, depth: number): unknown {
    const ref = typeof schema.$ref === 'string' ? schema.$ref.split('/').pop()! : undefined;
    if (ref) return this.object(this.spec.schemas[ref] ?? {}, depth);
    if (Array.isArray(schema.enum) && schema.enum.length) return schema.enum[0];
    const id = this.ids[name] ?? known(name);
    switch (schema.type) {
      case 'boolean':
        return false;
      case 'integer':
      case 'number':
        return id !== undefined && /^\d+$/.test(id) ? Number(id) : 1;
      case 'array':
        return depth > 2 || !schema.items ? [] : [this.value(schema.items as JsonSchema, name.replace(/s$/, ''), depth + 1)];
      case 'object':
        return schema.properties ? this.object(schema, depth) : {};
      default:
        if (id !== undefined) return id;
        if (name === 'email') return 'enum.target@lookerflow.example';
        if (schema.format === 'date-time') return '2026-11-01T00:00:00.000Z';
        return `lf_${name.replace(/\W/g, '_')}_${depth}`;
    }
  }

  /** Required properties plus the identity-like ones (`name`, `title`), never read-only ones. */
  private object(model: JsonSchema, depth: number): Record<string, unknown> {
    const props = (model.properties ?? {}) as Record<string, JsonSchema>;
    const required = new Set((model.required as string[] | undefined) ?? []);
    const out: Record<string, unknown> = {};
    for (const [name, schema] of Object.entries(props)) {
      if (schema.readOnly) continue;
      const knownId = name.endsWith('_id') && (this.ids[name] ?? known(name)) !== undefined;
      if (required.has(name) || (depth === 0 && (['name', 'title', 'label', 'email'].includes(name) || knownId))) out[name] = this.value(schema, name, depth + 1);
    }
    return out;
  }
}
