/**
 * Evaluates an alert the way Looker does on its cron: runs the query behind
 * it (with the alert's field filters), reads the field in the first row and
 * compares it with the threshold; when the condition holds, each destination
 * gets a notification in the outbox. INCREASES_BY / DECREASES_BY / CHANGES_BY
 * compare with the value seen at the previous evaluation.
 */
import type { EmulatorCore } from '../core/context';
import { nextId, type AlertRecord, type DeliveryRecord, type EmulatorState } from '../core/state';
import { runQuery } from '../query/engine';
import { recordHistory } from '../query/history';

/** Last value seen per alert, per state (a reset starts afresh). */
const previousValues = new WeakMap<EmulatorState, Map<string, number>>();

export function conditionHolds(comparison: string, value: number, threshold: number, previous: number | undefined): boolean {
  switch (comparison) {
    case 'EQUAL_TO': return value === threshold;
    case 'GREATER_THAN': return value > threshold;
    case 'GREATER_THAN_OR_EQUAL_TO': return value >= threshold;
    case 'LESS_THAN': return value < threshold;
    case 'LESS_THAN_OR_EQUAL_TO': return value <= threshold;
    case 'INCREASES_BY': return previous !== undefined && value - previous >= threshold;
    case 'DECREASES_BY': return previous !== undefined && previous - value >= threshold;
    case 'CHANGES_BY': return previous !== undefined && Math.abs(value - previous) >= threshold;
    default: return false;
  }
}

function fieldFilters(alert: AlertRecord): Record<string, string> {
  const filters: Record<string, string> = {};
  for (const f of (alert.field.filter ?? []) as { field_name?: string; filter_value?: string | null }[]) {
    if (f.field_name && f.filter_value) filters[f.field_name] = f.filter_value;
  }
  return filters;
}

/** Evaluates the alert now; returns the notifications it sent (none when the condition does not hold). */
export function evaluateAlert(core: EmulatorCore, alert: AlertRecord): DeliveryRecord[] {
  const { state, clock } = core;
  const query = alert.query_id ? state.queries[alert.query_id] : undefined;
  if (alert.is_disabled || !query) return [];
  const spec = { ...query, filters: { ...(query.filters ?? {}), ...fieldFilters(alert) } };
  let value: number | undefined;
  let error: string | null = null;
  try {
    const raw = runQuery(state, spec, clock.now(), core.seedNumber).rows[0]?.[alert.field.name];
    value = raw === null || raw === undefined || Number.isNaN(Number(raw)) ? undefined : Number(raw);
  } catch (e) {
    error = (e as Error).message;
  }
  const element = alert.dashboard_element_id ? state.dashboard_elements[alert.dashboard_element_id] : undefined;
  recordHistory(state, clock, {
    queryId: query.id, userId: alert.owner_id, source: 'alert', resultFormat: 'json', runtime: core.config.queryDurationMs / 1000, error, dashboardId: element?.dashboard_id,
  });
  if (value === undefined) return [];
  const seen = previousValues.get(state) ?? new Map<string, number>();
  previousValues.set(state, seen);
  const previous = seen.get(alert.id);
  seen.set(alert.id, value);
  if (!conditionHolds(alert.comparison_type, value, alert.threshold, previous)) return [];
  state.deliveries ??= {};
  const now = clock.now().toISOString();
  const title = alert.custom_title ?? `${alert.field.title} ${alert.comparison_type.toLowerCase().replace(/_/g, ' ')} ${alert.threshold}`;
  return alert.destinations.map((d) => {
    const delivery: DeliveryRecord = {
      id: nextId(state, 'deliveries'),
      kind: 'alert',
      scheduled_plan_id: null,
      alert_id: alert.id,
      run_once: false,
      plan_name: null,
      dashboard_id: element?.dashboard_id ?? null,
      look_id: null,
      destination_type: d.destination_type.toLowerCase(),
      address: d.email_address ?? null,
      format: null,
      title,
      status: 'success',
      status_detail: `${alert.field.name} = ${value}${previous === undefined ? '' : ` (was ${previous})`}`,
      filename: null,
      content_type: null,
      attachment_base64: null,
      runtime: core.config.queryDurationMs / 1000,
      attachment_bytes: 0,
      message: alert.description,
      field_value: value,
      threshold_value: alert.threshold,
      is_read: false,
      user_id: alert.owner_id,
      created_at: now,
    };
    state.deliveries[delivery.id] = delivery;
    return delivery;
  });
}
