// runQuery: a Looker query as a durable polling activity.
//
// create_query (Looker returns the existing id for an identical query) → create_query_task →
// poll query_task_multi_results. The query task id is heartbeated, so when the activity is
// retried after a crash or a worker shutdown it resumes the same task instead of running the
// query again. The query is killed in Looker only when the job is cancelled.
import { ApplicationFailure, Context } from '@temporalio/activity';
import { ResultFormat, type IWriteQuery } from '@looker/sdk';
import type { FileStore, StoredFile } from './file-store';
import { jobFileName } from './file-store';
import { querySource } from './job-context';
import { ifFound, isNotFound, LookerApiError } from './looker-api-error';
import type { LookerClient } from './looker-client';
import { cancellationRequested, pollUntilDone, previousTaskId, type PollProgress, type PollResult } from './polling';
import { heartbeatWhile } from './activity-wait';
import { pollerFor } from './task-poller';

/** Results above this many bytes of JSON go to the file store instead of workflow history. */
export const MAX_INLINE_RESULT_BYTES = 1024 * 1024;
const SAMPLE_ROWS = 20;
/** Query ids a worker remembers (least recently used forgotten first). */
const MAX_REMEMBERED_QUERIES = 1_000;

export type QueryBody = Pick<
  IWriteQuery,
  'model' | 'view' | 'fields' | 'filters' | 'filter_expression' | 'sorts' | 'limit' | 'pivots' | 'dynamic_fields' | 'total' | 'row_total'
>;

export interface RunQueryInput {
  /** Names the query task in Looker (source) and the result file. */
  jobId: string;
  /** Either an inline query… */
  query?: QueryBody;
  /** …or the id of a saved query. */
  queryId?: string;
  /** Result rows above this size go to the file store. Default 1 MB. */
  maxInlineBytes?: number;
}

export interface RunQueryResult {
  queryId: string;
  queryTaskId: string;
  rowCount: number;
  /** The rows, when small enough to return inline. */
  rows?: unknown[];
  /** Where the rows are, when too large to return inline (a JSON array). */
  rowsRef?: Pick<StoredFile, 'path' | 'bytes'>;
  /** The first rows, alongside rowsRef. */
  sample?: unknown[];
}

/** The rows of a finished task, or why there are none. */
type TaskOutcome = unknown[] | 'expired' | 'killed';

export function createQueryActivities({ looker, files }: { looker: LookerClient; files: FileStore }) {
  async function startQueryTask(input: RunQueryInput, queryId: string): Promise<string> {
    const task = await looker.call('create_query_task', (sdk) =>
      sdk.create_query_task({
        body: { query_id: queryId, result_format: ResultFormat.json, source: querySource(input.jobId) },
      }),
    );
    if (!task.id) throw new Error('create_query_task returned no id');
    return task.id;
  }

  // Looker queries never change once created and an identical body gets the same query, so the
  // worker remembers the ids it was given: a query run again skips create_query.
  const queryIds = new Map<string, string>();

  async function resolveQueryId(input: RunQueryInput, { remembered = true } = {}): Promise<string> {
    if (input.queryId) return input.queryId;
    if (!input.query) throw ApplicationFailure.nonRetryable('runQuery needs either query or queryId', 'LookerBadRequest');
    const key = stableJson(input.query);
    const known = queryIds.get(key);
    if (!remembered) queryIds.delete(key);
    else if (known) {
      queryIds.delete(key);
      queryIds.set(key, known); // most recently used last
      return known;
    }
    const query = await looker.call('create_query', (sdk) => sdk.create_query(input.query!, 'id'));
    if (!query.id) throw new Error('create_query returned no id');
    queryIds.set(key, query.id);
    if (queryIds.size > MAX_REMEMBERED_QUERIES) queryIds.delete(queryIds.keys().next().value!);
    return query.id;
  }

  /** Starts the task; a remembered query id Looker no longer knows (a reset instance) is created anew. */
  async function startQueryTaskFor(input: RunQueryInput, queryId: string): Promise<{ queryTaskId: string; queryId: string }> {
    try {
      return { queryTaskId: await startQueryTask(input, queryId), queryId };
    } catch (error) {
      if (input.queryId || !unknownQuery(error)) throw error;
      const created = await resolveQueryId(input, { remembered: false });
      return { queryTaskId: await startQueryTask(input, created), queryId: created };
    }
  }

  /** One poll, through the worker's batched poller. 'expired' when Looker no longer knows the task (404 or status expired), 'killed' when it was killed. */
  async function checkQueryTask(queryTaskId: string): Promise<PollResult<TaskOutcome>> {
    const entry = await ifFound(heartbeatWhile(pollerFor(looker).queryTask(queryTaskId, Context.current().cancellationSignal)), 'expired' as const);
    if (entry === 'expired') return { done: true, status: 'expired', value: 'expired' };
    const status = entry?.status ?? 'expired';
    if (status === 'expired') return { done: true, status, value: 'expired' };
    if (status === 'complete') return { done: true, status, value: rowsOf(entry?.data) };
    if (status === 'killed') return { done: true, status, value: 'killed' };
    if (status === 'error') {
      throw ApplicationFailure.create({
        type: 'LookerQueryFailed',
        nonRetryable: true,
        message: `Looker query task ${queryTaskId} failed: ${queryErrorMessage(entry?.data)}`,
        details: [{ queryTaskId, status }],
      });
    }
    return { done: false, status };
  }

  /**
   * Polls until the task ends. When the job is cancelled, kills the query in Looker before the
   * activity reports cancelled; on any other cancellation (worker shutdown, heartbeat timeout)
   * the query runs on for the next attempt to resume.
   */
  async function followQueryTask(queryTaskId: string, pollsSoFar: number): Promise<TaskOutcome> {
    try {
      return await pollUntilDone({ field: 'queryTaskId', taskId: queryTaskId, pollsSoFar, paced: true, check: () => checkQueryTask(queryTaskId) });
    } catch (error) {
      if (cancellationRequested()) await killQuery(queryTaskId);
      throw error;
    }
  }

  /** Best effort: the activity is being cancelled either way. */
  async function killQuery(queryTaskId: string): Promise<void> {
    try {
      await looker.call('kill_query', (sdk) => sdk.kill_query(queryTaskId));
    } catch (error) {
      Context.current().log.warn('kill_query failed', { queryTaskId, error: String(error) });
    }
  }

  async function toResult(input: RunQueryInput, queryId: string, queryTaskId: string, rows: unknown[]): Promise<RunQueryResult> {
    const json = JSON.stringify(rows);
    if (Buffer.byteLength(json) <= (input.maxInlineBytes ?? MAX_INLINE_RESULT_BYTES)) {
      return { queryId, queryTaskId, rowCount: rows.length, rows };
    }
    const stored = await files.save(jobFileName(input.jobId, 'runQuery', `${queryId}.json`), json, 'application/json');
    return {
      queryId,
      queryTaskId,
      rowCount: rows.length,
      rowsRef: { path: stored.path, bytes: stored.bytes },
      sample: rows.slice(0, SAMPLE_ROWS),
    };
  }

  return {
    /** Runs a query to completion (needs a heartbeatTimeout; see LOOKER_ACTIVITY_OPTIONS.polling). */
    async runQuery(input: RunQueryInput): Promise<RunQueryResult> {
      const resumed = previousTaskId('queryTaskId');
      const starting: PollProgress = resumed ? { queryTaskId: resumed.taskId, polls: resumed.polls, status: 'resuming' } : { polls: 0, status: 'starting' };
      const queryId = await heartbeatWhile(resolveQueryId(input), starting);
      if (resumed) {
        const rows = await followQueryTask(resumed.taskId, resumed.polls);
        if (Array.isArray(rows)) return toResult(input, queryId, resumed.taskId, rows);
        // An earlier attempt's task Looker no longer runs (expired, or killed by someone else): run the query again.
        Context.current().log.info(`Query task ${rows}; starting a new one`, { queryTaskId: resumed.taskId });
      }
      const { queryTaskId, queryId: ran } = await heartbeatWhile(startQueryTaskFor(input, queryId), starting);
      const rows = await followQueryTask(queryTaskId, 0);
      if (rows === 'expired') {
        throw ApplicationFailure.retryable(`Looker query task ${queryTaskId} expired before it finished`, 'LookerUnavailable');
      }
      if (rows === 'killed') {
        throw ApplicationFailure.create({
          type: 'LookerQueryFailed',
          nonRetryable: true,
          message: `Looker query task ${queryTaskId} was killed in Looker before it finished`,
          details: [{ queryTaskId, status: rows }],
        });
      }
      return toResult(input, ran, queryTaskId, rows);
    },

    /** The SQL Looker generates for a saved query (run_query as `sql`: nothing runs in the database). */
    async querySql(input: { queryId: string }): Promise<string> {
      const sql = await looker.call('run_query', (sdk) => sdk.run_query({ query_id: input.queryId, result_format: 'sql' }));
      return String(sql);
    },
  };
}

/** Looker does not know the query id: 404, or 422 naming query_id (what Looker answers create_query_task). */
function unknownQuery(error: unknown): boolean {
  return isNotFound(error) || (error instanceof LookerApiError && error.status === 422 && error.errors.some((e) => e.field === 'query_id'));
}

/** JSON with object keys sorted, so two equal query bodies give the same text. */
function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v,
  );
}

/** json results are the row array; some formats wrap it as { data: [...] }. */
function rowsOf(data: unknown): unknown[] {
  if (Array.isArray(data)) return data;
  if (data && typeof data === 'object' && Array.isArray((data as { data?: unknown }).data)) {
    return (data as { data: unknown[] }).data;
  }
  return [];
}

/** Looker puts the database's message in data.errors[] (message, message_details, sql_error_message). */
function queryErrorMessage(data: unknown): string {
  const errors = (data as { errors?: unknown } | undefined)?.errors;
  if (Array.isArray(errors) && errors.length > 0) {
    return errors
      .map((raw) => {
        const e = (raw ?? {}) as Record<string, unknown>;
        return [e.message, e.message_details, e.sql_error_message].filter((part) => typeof part === 'string' && part).join(': ');
      })
      .join('; ');
  }
  const message = (data as { message?: unknown; sql_error_message?: unknown } | undefined) ?? {};
  if (typeof message.sql_error_message === 'string') return message.sql_error_message;
  if (typeof message.message === 'string') return message.message;
  return 'no error message from Looker';
}
