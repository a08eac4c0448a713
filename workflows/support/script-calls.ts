// Every Looker call a script makes goes through here: the access policy (privileged operations
// never, writes only where allowed), the dry run (writes planned, not sent), the approved plan
// (a write outside it stops the run before it is sent), the call budget, and the accounting the
// result reports. Query and render tasks run through the polling activities, so the script gets
// rows or a file rather than a task id.
import { ApplicationFailure, workflowInfo } from '@temporalio/workflow';
import type { RenderFormat } from '../../activities/renders';
import type { ScriptWrite } from '../../contracts/run-script';
import { operationFlags } from '../../common/operations/operation-table-lookup';
import { failureMessage } from './failures';
import { findUnknownFields } from '../../common/field-guard';
import { lookerActivities } from './looker';

export type ScriptMode = 'dry-run' | 'run';

export interface ScriptCallOptions {
  mode: ScriptMode;
  allowWrites: boolean;
  maxCalls: number;
  /** In a real run after approval: the writes that were approved. */
  approvedPlan?: ScriptWrite[];
}

/** Marks a planned write's answer in a dry run; in the approved plan it matches any value. */
const PLACEHOLDER = /^planned-\d+$/;

export class ScriptCalls {
  calls = 0;
  lookerMs = 0;
  readonly writes: ScriptWrite[] = [];
  readonly planned: ScriptWrite[] = [];
  /** Set when the run must end whatever the script does next (a try/catch does not undo it). */
  fatal?: ApplicationFailure;
  private readonly usedPlan = new Set<number>();
  private readonly jobId = workflowInfo().workflowId;

  /** Told after every wait, so the interpreter's next stretch of steps starts afresh (script-sandbox.ts). */
  onWaited: () => void = () => undefined;

  constructor(private readonly options: ScriptCallOptions) {}

  /** `looker.<operationId>(params)`. */
  async call(operationId: string, rawParams: unknown): Promise<unknown> {
    const params = plain(rawParams ?? {}) as Record<string, unknown>;
    const flags = operationFlags(operationId);
    if (!flags) throw new TypeError(`looker.${operationId} is not a Looker operation (search_operations lists them)`);
    if (flags.privileged) this.stop(`\`${operationId}\` handles logins, credentials or secrets; scripts may not call it`, 'PrivilegedOperation');
    if (flags.class !== 'read') return this.write(operationId, params);
    this.count();
    if (flags.async) return this.runTask(operationId, params);
    return this.lookerCall(operationId, params, 'read');
  }

  /** `looker.query({ model, explore, fields, filters, sorts, limit })`: fields checked against the explore first. */
  async query(rawQuery: unknown): Promise<unknown> {
    const query = plain(rawQuery ?? {}) as { model: string; explore: string; fields: string[]; filters?: Record<string, string>; sorts?: string[]; limit?: number };
    if (!query.model || !query.explore || !Array.isArray(query.fields)) throw new TypeError('looker.query needs { model, explore, fields: [...] }');
    this.count();
    const explore = await this.activity(() => lookerActivities('read').lookmlModelExplore({ model: query.model, explore: query.explore }));
    const unknown = findUnknownFields(explore, { fields: query.fields, filters: query.filters, sorts: query.sorts });
    if (unknown.length) throw new Error(`${unknown.join('; ')} in ${query.model}::${query.explore}`);
    this.count();
    const { queryTaskId: _task, ...result } = await this.activity(() =>
      lookerActivities('polling').runQuery({
        jobId: this.jobId,
        query: { model: query.model, view: query.explore, fields: query.fields, filters: query.filters, sorts: query.sorts, limit: String(query.limit ?? 500) },
      }),
    );
    return result;
  }

  /** Ends the run: the failure is thrown now and again by every later call, and the job fails with it. */
  stop(message: string, type: string): never {
    this.fatal ??= ApplicationFailure.create({ type, nonRetryable: true, message: `${message}. ${this.doneSoFar()}`, details: [{ writes: this.writes, calls: this.calls }] });
    throw this.fatal;
  }

  doneSoFar(): string {
    const writes = this.writes.map((w) => `${w.operation}${w.id ? ` → ${w.id}` : ''}`);
    return `Done before: ${this.calls} Looker call(s); writes made: ${writes.length ? writes.join(', ') : 'none'}`;
  }

  private async write(operationId: string, params: Record<string, unknown>): Promise<unknown> {
    if (!this.options.allowWrites) this.stop(`Access refused: \`${operationId}\` changes Looker and this server is read-only`, 'ScriptWriteRefused');
    const record: ScriptWrite = { operation: operationId, params: shortened(params) };
    if (this.options.mode === 'dry-run') {
      this.planned.push(record);
      const id = `planned-${this.planned.length}`;
      const body = params.body && typeof params.body === 'object' && !Array.isArray(params.body) ? params.body : {};
      return { ...body, id, planned: true };
    }
    if (this.options.approvedPlan) {
      const index = this.options.approvedPlan.findIndex((p, i) => !this.usedPlan.has(i) && p.operation === operationId && matchesPlan(p.params, record.params));
      if (index < 0) this.stop(`\`${operationId}\` ${JSON.stringify(record.params)} is not in the approved plan; it was not sent`, 'UnplannedWrite');
      this.usedPlan.add(index);
    }
    this.count();
    const answer = await this.lookerCall(operationId, params, 'idempotentWrite');
    const id = (answer as { id?: unknown } | null)?.id;
    this.writes.push({ ...record, ...(typeof id === 'string' || typeof id === 'number' ? { id: String(id) } : {}) });
    return answer;
  }

  private async lookerCall(operationId: string, params: Record<string, unknown>, kind: 'read' | 'idempotentWrite'): Promise<unknown> {
    const answer = await this.activity(() => lookerActivities(kind).lookerCall({ jobId: this.jobId, callIndex: this.calls, operationId, params }));
    this.lookerMs += answer.lookerMs;
    return answer.file ? { file: answer.file } : answer.value;
  }

  /** Query and render tasks: the polling activities answer with rows or a stored file. */
  private async runTask(operationId: string, params: Record<string, unknown>): Promise<unknown> {
    const body = (params.body ?? {}) as Record<string, unknown>;
    if (operationId === 'create_query_task') {
      const queryId = body.query_id;
      if (typeof queryId !== 'string' && typeof queryId !== 'number') throw new TypeError('create_query_task needs body.query_id');
      const { queryTaskId: _task, ...result } = await this.activity(() => lookerActivities('polling').runQuery({ jobId: this.jobId, queryId: String(queryId) }));
      return result;
    }
    const type = /^create_(dashboard_element|dashboard|look|query)_render_task$/.exec(operationId)?.[1] as 'dashboard' | 'look' | 'query' | 'dashboard_element';
    const id = params[`${type}_id`];
    const format = String(params.result_format ?? 'png') as RenderFormat;
    const file = await this.activity(() =>
      lookerActivities('render').renderToFile({
        jobId: this.jobId,
        target: { type, id: String(id) },
        format,
        width: Number(params.width ?? 1280),
        height: Number(params.height ?? 1024),
        fileName: `${String(this.calls).padStart(4, '0')}-${type}-${String(id)}.${format}`,
        dashboardFilters: body.dashboard_filters as string | undefined,
        dashboardStyle: body.dashboard_style as 'single_column' | 'tiled' | undefined,
        pdfPaperSize: params.pdf_paper_size as string | undefined,
        pdfLandscape: params.pdf_landscape as boolean | undefined,
        longTables: params.long_tables as boolean | undefined,
      }),
    );
    return { file };
  }

  private count(): void {
    if (this.fatal) throw this.fatal;
    if (this.calls >= this.options.maxCalls) {
      this.stop(`the script reached its budget of ${this.options.maxCalls} Looker calls (limits.maxCalls); split the work into several jobs`, 'ScriptBudgetExceeded');
    }
    this.calls++;
  }

  /** Runs an activity; its failure reaches the script as an Error it may catch, with Looker's message. */
  private async activity<T>(start: () => Promise<T>): Promise<T> {
    try {
      return await start();
    } catch (error) {
      const failure = new Error(failureMessage(error));
      failure.name = (error as { cause?: { type?: string } }).cause?.type ?? 'LookerCallFailed';
      throw failure;
    } finally {
      this.onWaited();
    }
  }
}

/** A JSON copy: the script's objects carry nothing but data into activities and history. */
export function plain(value: unknown): unknown {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}

/** Parameters as recorded in the plan and the result: long strings cut. */
function shortened(params: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(params, (_key, value) => (typeof value === 'string' && value.length > 200 ? `${value.slice(0, 197)}...` : value)));
}

/** Whether an actual write matches a planned one; a placeholder id in the plan matches any value. */
export function matchesPlan(planned: unknown, actual: unknown): boolean {
  if (typeof planned === 'string' && PLACEHOLDER.test(planned)) return true;
  if (Array.isArray(planned)) return Array.isArray(actual) && planned.length === actual.length && planned.every((p, i) => matchesPlan(p, actual[i]));
  if (planned && typeof planned === 'object') {
    if (!actual || typeof actual !== 'object' || Array.isArray(actual)) return false;
    const keys = new Set([...Object.keys(planned), ...Object.keys(actual)]);
    return [...keys].every((k) => matchesPlan((planned as Record<string, unknown>)[k], (actual as Record<string, unknown>)[k]));
  }
  return planned === actual;
}
