// runQuery: a Looker query as a durable polling activity.
//
// create_query (Looker returns the existing id for an identical query) → create_query_task →
// poll query_task_multi_results. The query task id is heartbeated, so when the activity is
// retried after a crash it resumes the same task instead of running the query again.
import { ApplicationFailure, Context } from '@temporalio/activity';
import { ResultFormat, type IWriteQuery } from '@looker/sdk';
import type { FileStore, StoredFile } from './file-store';
import { jobFileName } from './file-store';
import { LookerApiError } from './looker-api-error';
import type { LookerClient } from './looker-client';
import { pollUntilDone, previousTaskId, type PollResult } from './polling';
import { heartbeatWhile } from './activity-wait';
import { pollerFor, type QueryTaskEntry } from './task-poller';

/** Results above this many bytes of JSON go to the file store instead of workflow history. */
export const MAX_INLINE_RESULT_BYTES = 1024 * 1024;
const SAMPLE_ROWS = 20;

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

export function createQueryActivities({ looker, files }: { looker: LookerClient; files: FileStore }) {
  async function startQueryTask(input: RunQueryInput, queryId: string): Promise<string> {
    const task = await looker.call('create_query_task', (sdk) =>
      sdk.create_query_task({
        body: { query_id: queryId, result_format: ResultFormat.json, source: `lookerflow:${input.jobId}` },
      }),
    );
    if (!task.id) throw new Error('create_query_task returned no id');
    return task.id;
  }

  async function resolveQueryId(input: RunQueryInput): Promise<string> {
    if (input.queryId) return input.queryId;
    if (!input.query) throw ApplicationFailure.nonRetryable('runQuery needs either query or queryId', 'LookerBadRequest');
    const query = await looker.call('create_query', (sdk) => sdk.create_query(input.query!, 'id'));
    if (!query.id) throw new Error('create_query returned no id');
    return query.id;
  }

  /** One poll. 'expired' when Looker no longer knows the task (404 or status expired). */
  async function checkQueryTask(queryTaskId: string): Promise<PollResult<unknown[] | 'expired'>> {
    let entry: QueryTaskEntry | undefined;
    try {
      entry = await heartbeatWhile(pollerFor(looker).queryTask(queryTaskId, Context.current().cancellationSignal));
    } catch (error) {
      if (error instanceof LookerApiError && error.status === 404) return { done: true, status: 'expired', value: 'expired' };
      throw error;
    }
    const status = entry?.status ?? 'expired';
    if (status === 'expired') return { done: true, status, value: 'expired' };
    if (status === 'complete') return { done: true, status, value: rowsOf(entry?.data) };
    if (status === 'error' || status === 'killed') {
      throw ApplicationFailure.create({
        type: 'LookerQueryFailed',
        nonRetryable: true,
        message: `Looker query task ${queryTaskId} failed: ${queryErrorMessage(entry?.data)}`,
        details: [{ queryTaskId, status }],
      });
    }
    return { done: false, status };
  }

  /** Polls until the rows are ready; on cancellation kills the query in Looker first. */
  async function followQueryTask(queryTaskId: string, pollsSoFar: number): Promise<unknown[] | 'expired'> {
    try {
      return await pollUntilDone({ field: 'queryTaskId', taskId: queryTaskId, pollsSoFar, paced: true, check: () => checkQueryTask(queryTaskId) });
    } catch (error) {
      if (Context.current().cancellationSignal.aborted) await killQuery(queryTaskId);
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
      const queryId = await resolveQueryId(input);
      const resumed = previousTaskId('queryTaskId');
      if (resumed) {
        const rows = await followQueryTask(resumed.taskId, resumed.polls);
        if (rows !== 'expired') return toResult(input, queryId, resumed.taskId, rows);
        Context.current().log.info('Query task expired; starting a new one', { queryTaskId: resumed.taskId });
      }
      const queryTaskId = await startQueryTask(input, queryId);
      const rows = await followQueryTask(queryTaskId, 0);
      if (rows === 'expired') {
        throw ApplicationFailure.retryable(`Looker query task ${queryTaskId} expired before it finished`, 'LookerUnavailable');
      }
      return toResult(input, queryId, queryTaskId, rows);
    },
  };
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
