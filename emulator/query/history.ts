/** Records the queries the emulator runs, for System Activity's `history` and `field_usage`. */
import type { Clock } from '../core/clock';
import { nextId, type EmulatorState, type HistoryRecord } from '../core/state';

export interface HistoryEntry {
  queryId: string;
  userId: string | null;
  source: string;
  resultFormat: string | null;
  /** Seconds the run took (simulated). */
  runtime: number;
  error?: string | null;
  dashboardId?: string | null;
  lookId?: string | null;
}

export function recordHistory(state: EmulatorState, clock: Clock, entry: HistoryEntry): HistoryRecord {
  state.history ??= {};
  const now = clock.now();
  const record: HistoryRecord = {
    id: nextId(state, 'history'),
    query_id: entry.queryId,
    user_id: entry.userId,
    source: entry.source,
    status: entry.error ? 'error' : 'complete',
    result_format: entry.resultFormat,
    result_source: 'query',
    created_at: now.toISOString(),
    completed_at: new Date(now.getTime() + Math.round(entry.runtime * 1000)).toISOString(),
    runtime: entry.runtime,
    dashboard_id: entry.dashboardId ?? null,
    look_id: entry.lookId ?? null,
    message: entry.error ?? null,
  };
  state.history[record.id] = record;
  return record;
}
