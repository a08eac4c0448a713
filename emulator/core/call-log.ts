/** Records every /api/4.0 call so tests can assert counts, statuses and timing. */

export interface CallRecord {
  seq: number;
  /** Wall-clock epoch ms when the call arrived. */
  atMs: number;
  at: string;
  method: string;
  path: string;
  /** The query string, e.g. ?query_task_ids=a,b ('' when none). */
  query: string;
  operationId: string | null;
  status: number | null;
  userId: string | null;
  /** 'reset' / 'dropped' when the socket was destroyed instead of answering. */
  outcome: 'answered' | 'reset' | 'dropped';
}

export interface Counters {
  byOperation: Record<string, number>;
  byStatus: Record<string, number>;
  throttled429: number;
  total: number;
}

export class CallLog {
  private calls: CallRecord[] = [];
  private seq = 0;
  private counters: Counters = emptyCounters();

  start(method: string, path: string, operationId: string | null, atMs: number, query = ''): CallRecord {
    const record: CallRecord = {
      seq: ++this.seq,
      atMs,
      at: new Date(atMs).toISOString(),
      method,
      path,
      query,
      operationId,
      status: null,
      userId: null,
      outcome: 'answered',
    };
    this.calls.push(record);
    if (this.calls.length > 50_000) this.calls.splice(0, 10_000);
    this.counters.total += 1;
    if (operationId) this.counters.byOperation[operationId] = (this.counters.byOperation[operationId] ?? 0) + 1;
    return record;
  }

  finish(record: CallRecord, status: number | null, outcome: CallRecord['outcome'] = 'answered'): void {
    record.status = status;
    record.outcome = outcome;
    if (status !== null) this.counters.byStatus[status] = (this.counters.byStatus[status] ?? 0) + 1;
    if (status === 429) this.counters.throttled429 += 1;
  }

  list(): CallRecord[] {
    return this.calls.map((c) => ({ ...c }));
  }

  snapshotCounters(): Counters {
    return structuredClone(this.counters);
  }

  clear(): void {
    this.calls = [];
    this.counters = emptyCounters();
  }
}

function emptyCounters(): Counters {
  return { byOperation: {}, byStatus: {}, throttled429: 0, total: 0 };
}
