// The globals a script sees, and nothing else: `looker`, `input`, `progress`, `log`, `sleep`,
// `approve`, `parallel`. Each checks what the script hands it, since scripts are untrusted.
import { log as workflowLog, sleep as durableSleep } from '@temporalio/workflow';
import { SCRIPT_LIMITS } from '../../contracts/run-script';
import { operationIds } from '../../common/operations/operation-table-lookup';
import type { Progress } from './progress';
import { plain, type ScriptCalls } from './script-calls';

const MAX_SLEEP_MS = 30 * 24 * 60 * 60 * 1000;
const MAX_CONCURRENCY = 50;
const MAX_LOG_LINE = 2_000;

export interface ScriptGlobalsDeps {
  calls: ScriptCalls;
  input: unknown;
  progress: Progress;
  logs: string[];
  approve(summary: string): Promise<boolean>;
}

export function scriptGlobals({ calls, input, progress, logs, approve }: ScriptGlobalsDeps): Record<string, unknown> {
  const looker: Record<string, unknown> = {};
  for (const id of operationIds()) looker[id] = (params?: unknown) => calls.call(id, params);
  looker.query = (query: unknown) => calls.query(query);

  return {
    looker: Object.freeze(looker),
    input: plain(input ?? null),
    progress(done: unknown, total: unknown, message?: unknown) {
      progress.step('script', { done: Number(done) || 0, total: Number(total) || 0, message: message === undefined ? '' : text(message) });
    },
    log(...args: unknown[]) {
      const line = args.map(text).join(' ').slice(0, MAX_LOG_LINE);
      workflowLog.info(`script: ${line}`);
      if (logs.length < SCRIPT_LIMITS.maxLogLines) logs.push(line);
    },
    async sleep(ms: unknown) {
      const duration = Number(ms);
      if (!(duration >= 0 && duration <= MAX_SLEEP_MS)) throw new RangeError(`sleep(ms) takes 0 to ${MAX_SLEEP_MS} ms`);
      await durableSleep(duration);
      calls.onWaited();
    },
    async approve(summary: unknown, details?: unknown) {
      const approved = await approve(details === undefined ? text(summary) : `${text(summary)}\n${text(details)}`);
      calls.onWaited();
      return approved;
    },
    async parallel(items: unknown, concurrency: unknown, fn: unknown) {
      if (!Array.isArray(items) || typeof fn !== 'function') throw new TypeError('parallel(items, concurrency, fn) takes an array, a number and a function');
      const width = Math.max(1, Math.min(MAX_CONCURRENCY, Number(concurrency) || 1, items.length));
      const results: unknown[] = new Array(items.length);
      let next = 0;
      const lane = async () => {
        while (next < items.length) {
          const index = next++;
          results[index] = await (fn as (item: unknown, index: number) => unknown)(items[index], index);
        }
      };
      await Promise.all(Array.from({ length: width }, lane));
      return results;
    },
  };
}

function text(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
