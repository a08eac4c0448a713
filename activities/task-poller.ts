// One poller per worker and Looker instance for Looker's asynchronous tasks. Every query task
// some activity is waiting on is checked in ONE query_task_multi_results call; render tasks
// (which have no batch endpoint) are checked one per call, the most overdue first.
//
// Each task is due again after max(250 ms, 10 % of the time it has been followed) — 100 ms in
// its first second, so a short query is seen soon after it ends — so a result is seen within
// about max(250 ms, 10 % of its run time) after Looker finishes it. Calls are paced by a bucket
// of 4 a second holding at most 2: at most 4 Looker calls/s per worker on average however many
// tasks are in flight, never 3 within 250 ms.
import type { IRenderTask } from '@looker/sdk';
import { DelimArray } from '@looker/sdk-rtl';
import type { LookerClient } from './looker-client';

export const POLLER_MIN_INTERVAL_MS = 250;
/** A task in its first second is checked this often (the bucket below still bounds the calls). */
export const POLLER_FRESH_INTERVAL_MS = 100;
const FRESH_FOR_MS = 1_000;
/** Poll calls a worker may make at once after a quiet spell; they refill at one per POLLER_MIN_INTERVAL_MS. */
const POLLER_BURST = 2;
/** A task is checked again after this share of the time it has been followed. */
export const POLLER_RUN_TIME_SHARE = 0.1;
/** A task nobody has waited on for this long is forgotten (its activity re-asks within milliseconds). */
const FORGET_AFTER_MS = 5_000;
/** Statuses after which Looker's answer for the task no longer changes. */
const QUERY_RUNNING = new Set(['added', 'pending', 'running']);
const RENDER_FINISHED = new Set(['success', 'failure']);

/** One entry of query_task_multi_results. */
export interface QueryTaskEntry {
  status?: string;
  data?: unknown;
}

type Kind = 'query' | 'render';

interface Waiter {
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

interface Followed {
  kind: Kind;
  firstSeenMs: number;
  lastPolledMs: number;
  waiters: Set<Waiter>;
}

export class TaskPoller {
  private readonly tasks = new Map<string, Followed>();
  /** The call bucket: how many calls could go now, as of `bucketAtMs`. */
  private bucket = POLLER_BURST;
  private bucketAtMs = -Infinity;
  private timer: NodeJS.Timeout | undefined;
  private calling = false;

  constructor(
    private readonly looker: LookerClient,
    private readonly now: () => number = Date.now,
  ) {}

  /** The task's entry from the next multi-results call that covers it (undefined: Looker left it out). */
  queryTask(queryTaskId: string, signal?: AbortSignal): Promise<QueryTaskEntry | undefined> {
    return this.next('query', queryTaskId, signal) as Promise<QueryTaskEntry | undefined>;
  }

  /** The render task as the next render_task call for it returns it (id, status, status_detail). */
  renderTask(renderTaskId: string, signal?: AbortSignal): Promise<IRenderTask> {
    return this.next('render', renderTaskId, signal) as Promise<IRenderTask>;
  }

  /** Tasks currently waited on, for tests and benchmarks. */
  get inFlight(): number {
    return [...this.tasks.values()].filter((t) => t.waiters.size > 0).length;
  }

  private next(kind: Kind, taskId: string, signal?: AbortSignal): Promise<unknown> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const now = this.now();
      let task = this.tasks.get(taskId);
      if (!task) {
        task = { kind, firstSeenMs: now, lastPolledMs: now, waiters: new Set() };
        this.tasks.set(taskId, task);
      }
      const followed = task;
      const onAbort = () => {
        followed.waiters.delete(waiter);
        reject(signal!.reason);
      };
      const waiter: Waiter = {
        resolve: (value) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(value);
        },
        reject: (error) => {
          signal?.removeEventListener('abort', onAbort);
          reject(error);
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      followed.waiters.add(waiter);
      this.schedule();
    });
  }

  private dueAt(task: Followed): number {
    const followedMs = task.lastPolledMs - task.firstSeenMs;
    const floor = followedMs < FRESH_FOR_MS ? POLLER_FRESH_INTERVAL_MS : POLLER_MIN_INTERVAL_MS;
    return task.lastPolledMs + Math.max(floor, POLLER_RUN_TIME_SHARE * followedMs);
  }

  /** Calls in the bucket at `now`. */
  private callsAvailable(now: number): number {
    return Math.min(POLLER_BURST, this.bucket + (now - this.bucketAtMs) / POLLER_MIN_INTERVAL_MS);
  }

  /** When the bucket next holds a whole call. */
  private nextCallAt(now: number): number {
    const available = this.callsAvailable(now);
    return available >= 1 ? now : now + (1 - available) * POLLER_MIN_INTERVAL_MS;
  }

  private waited(): Array<[string, Followed]> {
    const now = this.now();
    for (const [id, task] of this.tasks) if (task.waiters.size === 0 && now - task.lastPolledMs > FORGET_AFTER_MS) this.tasks.delete(id);
    return [...this.tasks].filter(([, task]) => task.waiters.size > 0);
  }

  private schedule(): void {
    if (this.calling || this.timer) return;
    const waited = this.waited();
    if (waited.length === 0) return;
    const earliest = Math.min(...waited.map(([, task]) => this.dueAt(task)));
    const at = Math.max(earliest, this.nextCallAt(this.now()));
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.tick();
    }, Math.max(0, at - this.now()));
    this.timer.unref?.();
  }

  private async tick(): Promise<void> {
    const now = this.now();
    const due = this.waited()
      .filter(([, task]) => this.dueAt(task) <= now)
      .sort(([, a], [, b]) => this.dueAt(a) - this.dueAt(b));
    if (due.length === 0 || this.callsAvailable(now) < 1) return this.schedule();
    this.calling = true;
    this.bucket = this.callsAvailable(now) - 1;
    this.bucketAtMs = now;
    try {
      if (due[0][1].kind === 'query') await this.pollQueries();
      else await this.pollRender(due[0][0]);
    } finally {
      this.calling = false;
      this.schedule();
    }
  }

  /** One call for every query task waited on (due or not: the answer costs the same). */
  private async pollQueries(): Promise<void> {
    const ids = this.waited()
      .filter(([, task]) => task.kind === 'query')
      .map(([id]) => id);
    try {
      // Detached: this call serves many activities, so it is no one activity's to time or heartbeat.
      const results = await this.looker.call<Record<string, QueryTaskEntry>>(
        'query_task_multi_results',
        (sdk) => sdk.query_task_multi_results(new DelimArray(ids)),
        { detached: true },
      );
      for (const id of ids) this.deliver(id, (waiter) => waiter.resolve(results[id]), !QUERY_RUNNING.has(results[id]?.status ?? 'expired'));
    } catch (error) {
      for (const id of ids) this.deliver(id, (waiter) => waiter.reject(error));
    }
  }

  private async pollRender(renderTaskId: string): Promise<void> {
    try {
      const task = await this.looker.call('render_task', (sdk) => sdk.render_task(renderTaskId, 'id,status,status_detail'), { detached: true });
      this.deliver(renderTaskId, (waiter) => waiter.resolve(task), RENDER_FINISHED.has(task.status ?? ''));
    } catch (error) {
      this.deliver(renderTaskId, (waiter) => waiter.reject(error));
    }
  }

  /** Settles the task's waiters; a finished task is forgotten (Looker may reuse ids after a reset). */
  private deliver(taskId: string, settle: (waiter: Waiter) => void, finished = false): void {
    const task = this.tasks.get(taskId);
    if (!task) return;
    task.lastPolledMs = this.now();
    if (finished) this.tasks.delete(taskId);
    const waiters = [...task.waiters];
    task.waiters.clear();
    for (const waiter of waiters) settle(waiter);
  }
}

const pollers = new WeakMap<LookerClient, TaskPoller>();

/** The poller of this Looker client's instance (one per client, so one per worker and instance). */
export function pollerFor(looker: LookerClient): TaskPoller {
  let poller = pollers.get(looker);
  if (!poller) {
    poller = new TaskPoller(looker);
    pollers.set(looker, poller);
  }
  return poller;
}
