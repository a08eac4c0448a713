/**
 * LookML metadata: models and explores from the catalogue. A model's
 * configuration (allowed connections, project) lives in the engine's
 * LookmlModel records, so models created, configured or deleted through the
 * API read back; a catalogue model gets its record when first configured.
 */
import type { ILookmlModel, ILookmlModelExplore, ILookmlModelExploreField } from '@looker/sdk';
import type { HandlerTable, RequestContext } from '../core/context';
import { invalidField, missingField, notFound } from '../core/errors';
import { Reply } from '../core/reply';
import type { EmulatorState } from '../core/state';
import { CATALOGUE, fieldLabel, findExplore, findModel, type ExploreDef, type FieldDef, type ModelDef } from '../data/catalogue';
import { collection, findRecord, insertRecord, removeRecord, type EngineRecord } from '../engine/store';
import { CAN, type Wire } from './common';

const CONFIG = 'LookmlModel';
const CONFIGURABLE = ['allowed_db_connection_names', 'label', 'project_name', 'unlimited_db_connections'];

function configOf(state: EmulatorState, name: string): EngineRecord | undefined {
  return findRecord(state, CONFIG, 'name', name);
}

function presentModel(state: EmulatorState, name: string): Wire<ILookmlModel> {
  const model = findModel(name);
  const config = configOf(state, name)?.value ?? {};
  if (config._deleted || (!model && !configOf(state, name))) throw notFound(`LookML model "${name}" not found`);
  return {
    can: CAN,
    allowed_db_connection_names: model ? [model.connection] : [],
    explores: (model?.explores ?? []).map((e) => ({ name: e.name, description: e.description, label: e.label, hidden: false, group_label: model!.label })),
    has_content: !!model,
    label: model?.label ?? null,
    name,
    project_name: model?.project_name ?? null,
    unlimited_db_connections: false,
    ...Object.fromEntries(CONFIGURABLE.filter((k) => config[k] !== undefined && config[k] !== null).map((k) => [k, config[k]])),
  };
}

/** The model's configuration record, made from the catalogue on first use. */
function configRecord(ctx: RequestContext): EngineRecord {
  const name = ctx.params.string('lookml_model_name');
  presentModel(ctx.core.state, name);
  return configOf(ctx.core.state, name) ?? insertRecord(ctx.core.state, CONFIG, { name });
}

function modelNames(state: EmulatorState): string[] {
  const created = collection(state, CONFIG).map((r) => String(r.value.name)).filter((n) => !findModel(n));
  return [...CATALOGUE.map((m) => m.name), ...created].filter((n) => !configOf(state, n)?.value._deleted);
}

function presentField(model: ModelDef, explore: ExploreDef, field: FieldDef): Wire<ILookmlModelExploreField> {
  const view = field.name.split('.')[0];
  const isMeasure = field.category === 'measure';
  return {
    align: isMeasure || field.type === 'number' ? 'right' : 'left',
    can_filter: true,
    category: field.category,
    description: field.description,
    fiscal_month_offset: 0,
    has_allowed_values: false,
    has_drills_metadata: false,
    hidden: false,
    is_filter: false,
    is_fiscal: false,
    is_numeric: isMeasure || field.type === 'number',
    is_timeframe: field.type === 'date' || field.type === 'date_time',
    can_time_filter: field.type === 'date' || field.type === 'date_time',
    label: fieldLabel(field),
    label_short: field.label_short,
    measure: isMeasure,
    name: field.name,
    strict_value_format: false,
    parameter: false,
    primary_key: field.name.endsWith('.id'),
    project_name: model.project_name,
    requires_refresh_on_sort: false,
    scope: view,
    sortable: true,
    source_file: `${view}.view.lkml`,
    source_file_path: `${model.project_name}/${view}.view.lkml`,
    suggest_dimension: field.name,
    // Suggestions run against the explore the field was found in, not its view.
    suggest_explore: explore.name,
    suggestable: !isMeasure,
    tags: [],
    type: field.type,
    user_attribute_filter_types: [],
    view,
    view_label: fieldLabel(field).slice(0, -field.label_short.length - 1),
    dynamic: false,
    week_start_day: 'monday',
    times_used: 0,
    original_view: view,
  };
}

function modelOr404(state: EmulatorState, name: string): ModelDef {
  const model = findModel(name);
  if (!model || configOf(state, name)?.value._deleted) throw notFound(`LookML model "${name}" not found`);
  return model;
}

export const lookmlHandlers: HandlerTable = {
  all_lookml_models: (ctx) => modelNames(ctx.core.state).map((name) => presentModel(ctx.core.state, name)),
  lookml_model: (ctx) => presentModel(ctx.core.state, ctx.params.string('lookml_model_name')),
  create_lookml_model: (ctx) => {
    const name = ctx.body?.name;
    if (typeof name !== 'string' || !name) throw missingField('name');
    if (modelNames(ctx.core.state).includes(name)) throw invalidField('name', `LookML model ${name} already exists`, 'already_exists');
    const record = configOf(ctx.core.state, name) ?? insertRecord(ctx.core.state, CONFIG, { name });
    delete record.value._deleted;
    for (const key of CONFIGURABLE) if (ctx.body?.[key] !== undefined) record.value[key] = ctx.body[key];
    return presentModel(ctx.core.state, name);
  },
  update_lookml_model: (ctx) => {
    const record = configRecord(ctx);
    for (const key of CONFIGURABLE) if (ctx.body?.[key] !== undefined) record.value[key] = ctx.body[key];
    return presentModel(ctx.core.state, String(record.value.name));
  },
  delete_lookml_model: (ctx) => {
    const record = configRecord(ctx);
    // A catalogue model stays known as deleted; one created through the API goes.
    if (findModel(String(record.value.name))) record.value._deleted = true;
    else removeRecord(ctx.core.state, CONFIG, record);
    return Reply.empty(204);
  },
  lookml_model_explore: (ctx): Wire<ILookmlModelExplore> => {
    const model = modelOr404(ctx.core.state, ctx.params.string('lookml_model_name'));
    const name = ctx.params.string('explore_name');
    const explore = findExplore(model.name, name);
    if (!explore) throw notFound(`Explore "${name}" not found in model "${model.name}"`);
    const dimensions = explore.fields.filter((f) => f.category === 'dimension').map((f) => presentField(model, explore, f));
    return {
      id: `${model.name}::${explore.name}`,
      name: explore.name,
      description: explore.description,
      label: explore.label,
      title: explore.label,
      scopes: [...new Set(explore.fields.map((f) => f.name.split('.')[0]))],
      can_total: true,
      can_develop: true,
      can_see_lookml: true,
      can_save: true,
      can_explain: true,
      can_pivot_in_db: true,
      can_subtotal: true,
      has_timezone_support: true,
      supports_cost_estimate: false,
      connection_name: model.connection,
      project_name: model.project_name,
      model_name: model.name,
      view_name: explore.name,
      hidden: false,
      sql_table_name: explore.name,
      supported_measure_types: [],
      fields: {
        dimensions,
        measures: explore.fields.filter((f) => f.category === 'measure').map((f) => presentField(model, explore, f)),
        // Every dimension can be used as a filter; Looker lists dedicated filter fields here.
        filters: [],
        parameters: [],
      },
    };
  },
};
