/**
 * Runs a scheduled plan the way Looker's scheduler does: renders or queries
 * its content once, then puts one delivery per destination in the outbox
 * (`state.deliveries`), with the attachment bytes the destination would get.
 */
import type { EmulatorCore } from '../core/context';
import { nextId, type DeliveryRecord, type EmulatorState, type QueryRecord, type ScheduledPlanRecord } from '../core/state';
import { runQuery, type QueryResult } from '../query/engine';
import { formatResult, type ResultFormat } from '../query/format';
import { recordHistory } from '../query/history';
import { makePdf, makePng } from '../render/images';

interface Attachment {
  bytes: Buffer;
  contentType: string;
  extension: string;
}

const DATA_FORMATS: Record<string, ResultFormat> = { csv: 'csv', txt: 'txt', html: 'html', json_detail: 'json_detail' };

export function planTitle(state: EmulatorState, plan: ScheduledPlanRecord): string {
  const dashboardId = plan.dashboard_id ?? plan.lookml_dashboard_id;
  if (dashboardId) return state.dashboards[dashboardId]?.title ?? plan.name;
  if (plan.look_id) return state.looks[plan.look_id]?.title ?? plan.name;
  return plan.name;
}

/** The query whose data the plan sends: its own, its look's, or its dashboard's first tile's. */
function planQuery(state: EmulatorState, plan: ScheduledPlanRecord): QueryRecord | undefined {
  if (plan.query_id) return state.queries[plan.query_id];
  if (plan.look_id) return state.queries[state.looks[plan.look_id]?.query_id ?? ''];
  const dashboardId = plan.dashboard_id ?? plan.lookml_dashboard_id;
  const tile = Object.values(state.dashboard_elements).find((e) => e.dashboard_id === dashboardId && e.query_id);
  return tile?.query_id ? state.queries[tile.query_id] : undefined;
}

function attachment(format: string | null, title: string, result: QueryResult | undefined, ranAt: Date): Attachment {
  if (format === 'wysiwyg_pdf' || format === 'assembled_pdf') return { bytes: makePdf(title), contentType: 'application/pdf', extension: 'pdf' };
  if (format === 'wysiwyg_png') return { bytes: makePng(640, 480), contentType: 'image/png', extension: 'png' };
  if (!result) throw new Error(`Nothing to query for format ${format}`);
  if (format === 'json' || format === 'inline_json') {
    const data = result.rows;
    const body = format === 'json' ? { data } : { data: JSON.stringify(data), fields: result.fields.map((f) => f.name), ran_at: ranAt.toISOString() };
    return { bytes: Buffer.from(JSON.stringify(body)), contentType: 'application/json', extension: 'json' };
  }
  const textFormat = format ? DATA_FORMATS[format] : undefined;
  if (!textFormat) throw new Error(`The emulator cannot produce the ${format} format`);
  const formatted = formatResult(result, textFormat, ranAt);
  const text = typeof formatted.value === 'string' ? formatted.value : JSON.stringify(formatted.value);
  return { bytes: Buffer.from(text), contentType: formatted.contentType, extension: textFormat === 'json_detail' ? 'json' : textFormat };
}

/** Runs the plan now; returns the deliveries it made (none when require_results / require_no_results says skip). */
export function runPlan(core: EmulatorCore, plan: ScheduledPlanRecord): DeliveryRecord[] {
  const { state, clock } = core;
  state.deliveries ??= {};
  const ranAt = clock.now();
  const title = planTitle(state, plan);
  const query = planQuery(state, plan);
  let result: QueryResult | undefined;
  let queryError: string | null = null;
  if (query) {
    try {
      result = runQuery(state, query, ranAt, core.seedNumber);
    } catch (error) {
      queryError = (error as Error).message;
    }
    recordHistory(state, clock, {
      queryId: query.id, userId: plan.user_id, source: 'scheduled_task', resultFormat: plan.destinations[0]?.format ?? null,
      runtime: core.config.queryDurationMs / 1000, error: queryError, dashboardId: plan.dashboard_id ?? plan.lookml_dashboard_id, lookId: plan.look_id,
    });
  }
  plan.last_run_at = ranAt.toISOString();
  if (result && plan.require_results && result.rows.length === 0) return [];
  if (result && plan.require_no_results && result.rows.length > 0) return [];
  return plan.destinations.map((destination) => {
    let file: Attachment | null = null;
    let detail = queryError;
    if (!queryError) {
      try {
        file = attachment(destination.format, title, result, ranAt);
      } catch (error) {
        detail = (error as Error).message;
      }
    }
    const delivery: DeliveryRecord = {
      id: nextId(state, 'deliveries'),
      kind: 'scheduled_plan',
      scheduled_plan_id: plan.id,
      alert_id: null,
      run_once: plan.run_once,
      plan_name: plan.name,
      dashboard_id: plan.dashboard_id ?? plan.lookml_dashboard_id,
      look_id: plan.look_id,
      destination_type: destination.type,
      address: destination.address,
      format: destination.format,
      title,
      status: file ? 'success' : 'failure',
      status_detail: detail,
      filename: file ? `${title.replace(/[^\w-]+/g, '_')}.${file.extension}` : null,
      content_type: file?.contentType ?? null,
      attachment_base64: file ? file.bytes.toString('base64') : null,
      runtime: core.config.queryDurationMs / 1000,
      attachment_bytes: file?.bytes.length ?? 0,
      message: destination.message,
      field_value: null,
      threshold_value: null,
      is_read: false,
      user_id: plan.user_id,
      created_at: ranAt.toISOString(),
    };
    state.deliveries[delivery.id] = delivery;
    return delivery;
  });
}
