// B1's livelock case: many concurrent onboardUser jobs against a Looker whose limit is far below
// the worker's LOOKER_API_RPS. Reports how many jobs finish within a time cap, the share of
// calls answered 429 and how much of Looker's limit the answered calls use.
import { withBenchStack, type EmulatorCounters } from './bench-stack';

export interface LivelockOptions {
  jobs: number;
  lookerLimit: { rps: number; burst: number };
  workerRps: number;
  /** Give up waiting after this long (the jobs still running are counted as unfinished). */
  capSeconds: number;
}

export interface LivelockReport extends LivelockOptions {
  completed: number;
  failed: number;
  seconds: number;
  lookerCalls: number;
  throttled429: number;
  share429: number;
  /** Answered (non-429) calls per second ÷ Looker's limit. */
  limitUse: number;
}

export async function benchLivelock(options: LivelockOptions): Promise<LivelockReport> {
  return withBenchStack({ lookerLimit: options.lookerLimit, workerRps: options.workerRps, taskQueue: 'bench-livelock' }, async ({ client, emulator, taskQueue }) => {
    const started = Date.now();
    let completed = 0;
    let failed = 0;
    let lastFinishMs = started;
    const jobs = Array.from({ length: options.jobs }, (_, i) =>
      client.workflow
        .execute('onboardUser', {
          taskQueue,
          workflowId: `bench-livelock-${started}-${i}`,
          args: [{ email: `livelock${i + 1}@company.com`, firstName: 'Live', lastName: `Lock ${i + 1}`, roles: ['Viewer', 'Developer'], groups: ['Finance', 'Marketing'], sendSetupEmail: false, userAttributes: {} }],
        })
        .then(
          () => {
            completed++;
            lastFinishMs = Date.now();
          },
          () => {
            failed++;
            lastFinishMs = Date.now();
          },
        ),
    );
    const cap = new Promise<'cap'>((done) => setTimeout(() => done('cap'), options.capSeconds * 1000).unref());
    const outcome = await Promise.race([Promise.all(jobs).then(() => 'done' as const), cap]);
    const seconds = ((outcome === 'done' ? lastFinishMs : Date.now()) - started) / 1000;
    const counters = await emulator.admin<EmulatorCounters>('GET', '/counters');
    const finished = { completed, failed };
    if (outcome === 'cap') {
      // Leave nothing running behind the report.
      await Promise.all(
        Array.from({ length: options.jobs }, (_, i) => client.workflow.getHandle(`bench-livelock-${started}-${i}`).terminate('benchmark time cap').catch(() => undefined)),
      );
    }
    const answered = counters.total - counters.throttled429;
    return {
      ...options,
      ...finished,
      seconds,
      lookerCalls: counters.total,
      throttled429: counters.throttled429,
      share429: counters.total ? counters.throttled429 / counters.total : 0,
      limitUse: answered / seconds / options.lookerLimit.rps,
    };
  });
}

export function printLivelockReport(r: LivelockReport): boolean {
  const ok = r.completed === r.jobs;
  console.log(
    `livelock: ${r.completed}/${r.jobs} onboardUser jobs done in ${r.seconds.toFixed(1)} s (cap ${r.capSeconds} s; Looker limit ${r.lookerLimit.rps}/s burst ${r.lookerLimit.burst}, LOOKER_API_RPS ${r.workerRps}); ` +
      `${r.lookerCalls} calls, ${(r.share429 * 100).toFixed(1)}% answered 429; limit use ${r.limitUse.toFixed(2)} → ${ok ? 'PASS' : 'FAIL'}`,
  );
  return ok;
}
