// B5 fleet: B1's bulk onboarding run by 1, 2 and 4 worker processes on one task queue against
// one rate-limited Looker. Each call takes LATENCY_MS and each worker runs few calls at once, so
// one worker alone cannot reach Looker's limit: throughput should grow with workers until the
// limit binds, and the fleet (which learns one rate through the task queue) never pass it.
// `npx tsx bench/b5-fleet.ts [--quick]`.
import { onboardAndCheck, type BulkOnboardBenchReport } from './bulk-onboard';
import { runBenchmarkScript, startBenchStack } from './process-stack';

export const FLEET_LOOKER_RPS = 20;
const LATENCY_MS = 150;
/** Per worker: with LATENCY_MS, one worker makes at most ~13 calls/s, under the limit. */
const WORKER_CONCURRENCY = 2;

export interface FleetRun extends BulkOnboardBenchReport {
  workers: number;
  /** Calls sent per second (answered or refused) ÷ Looker's limit: how hard the fleet pushed. */
  sentUse: number;
}

export async function benchFleetRun(workers: number, users: number): Promise<FleetRun> {
  const stack = await startBenchStack(`b5-fleet-${workers}`, {
    emulator: { seed: 'demo' },
    workers,
    workerEnv: { LOOKER_API_CONCURRENCY: String(WORKER_CONCURRENCY) },
  });
  try {
    await stack.emulator.admin('PATCH', '/config', { rateLimit: { rps: FLEET_LOOKER_RPS, burst: FLEET_LOOKER_RPS }, latencyMs: LATENCY_MS });
    await stack.emulator.admin('DELETE', '/calls');
    const report = await onboardAndCheck(stack, { users, lookerRps: FLEET_LOOKER_RPS, concurrency: 30 });
    return { ...report, workers, sentUse: report.lookerCalls / report.seconds / FLEET_LOOKER_RPS };
  } finally {
    await stack.stop();
  }
}

export async function benchFleet({ quick = false } = {}): Promise<{ runs: FleetRun[] }> {
  const runs: FleetRun[] = [];
  for (const workers of [1, 2, 4]) runs.push(await benchFleetRun(workers, quick ? 40 : 200));
  return { runs };
}

/** What the fleet runs miss: failures, a pace past the limit, throughput that did not grow while the limit did not bind. */
export function fleetMisses(runs: FleetRun[]): string[] {
  const misses: string[] = [];
  for (const r of runs) {
    if (r.failed.length + r.wrongInLooker.length + r.duplicates) misses.push(`${r.workers} workers: ${r.failed.length + r.wrongInLooker.length} failures, ${r.duplicates} duplicates`);
    if (r.limitUse > 1.02) misses.push(`${r.workers} workers: answered ${r.limitUse.toFixed(2)} of the limit`);
  }
  for (let i = 1; i < runs.length; i++) {
    const [before, after] = [runs[i - 1]!, runs[i]!];
    // Growth is owed only while the limit did not bind (under 0.85 of it).
    if (before.limitUse < 0.85 && after.limitUse < Math.min(0.85, before.limitUse * 1.2)) {
      misses.push(`${before.workers} → ${after.workers} workers: limit use ${before.limitUse.toFixed(2)} → ${after.limitUse.toFixed(2)}`);
    }
  }
  return misses;
}

export function printFleetReport({ runs }: { runs: FleetRun[] }): boolean {
  for (const r of runs) {
    console.log(
      `B5 fleet, ${r.workers} worker(s): ${r.users} users in ${r.seconds.toFixed(1)} s; answered calls/s ÷ limit ${r.limitUse.toFixed(2)} (sent ${r.sentUse.toFixed(2)}), ` +
        `${(r.share429 * 100).toFixed(1)} % answered 429, ${r.callsPerUser.toFixed(2)} calls/user, ${r.duplicates} duplicates, ${r.failed.length + r.wrongInLooker.length} failures`,
    );
  }
  const misses = fleetMisses(runs);
  console.log(misses.length ? `  missed: ${misses.join('; ')}` : '  throughput grows with workers until the limit binds, and never passes it');
  return misses.length === 0;
}

if (require.main === module) runBenchmarkScript('b5-fleet', benchFleet, printFleetReport);
