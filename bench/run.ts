// `npm run bench [-- --quick] [-- --only=B1,B2]`: each benchmark against its own dev server and
// emulator, with its baseline in the same run. Writes bench/results/<b>-<full|quick>.json and
// rewrites BENCHMARKS.md from every result file; exits non-zero when a run misses its check.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchFrontDoor, printFrontDoorReport } from './b3-front-door';
import { benchGovernance, printGovernanceReport } from './b4-governance';
import { benchFleet, printFleetReport } from './b5-fleet';
import { benchBulkOnboard, printBulkOnboardReport } from './bulk-onboard';
import { benchLivelock, printLivelockReport } from './livelock';
import { benchPolling, printPollingReport } from './polling';
import { machine, writeBenchmarksMd } from './report';

const RESULTS = join(__dirname, 'results');
const B1_LIMIT = 20;

const benchmarks: Record<string, (quick: boolean) => Promise<{ ok: boolean; result: unknown }>> = {
  async B1(quick) {
    const bulk = [];
    let ok = true;
    for (const workerRps of [undefined, 2 * B1_LIMIT]) {
      // Enough users at once that Looker's limit, not the job's own pace, is what binds.
      const report = await benchBulkOnboard({ users: quick ? 100 : 1000, lookerRps: B1_LIMIT, workerRps, concurrency: 30 });
      ok = printBulkOnboardReport(report) && ok;
      bulk.push(report);
    }
    const livelock = await benchLivelock({
      jobs: quick ? 5 : 15,
      lookerLimit: { rps: 2, burst: 3 },
      workerRps: 10,
      capSeconds: quick ? 120 : 600,
    });
    ok = printLivelockReport(livelock) && ok;
    return { ok, result: { bulk, livelock } };
  },
  async B2(quick) {
    const report = await benchPolling({
      durationsSeconds: quick ? [0.5, 2] : [0.5, 2, 10, 60],
      tasksPerDuration: 5,
      inFlight: { tasks: 50, seconds: quick ? 5 : 20 },
    });
    return { ok: printPollingReport(report), result: report };
  },
  // B3 and B4 report against their goals; a missed goal is a figure to read, not a failed run.
  async B3(quick) {
    const report = await benchFrontDoor({ quick });
    printFrontDoorReport(report);
    return { ok: true, result: report };
  },
  async B4(quick) {
    const report = await benchGovernance({ quick });
    printGovernanceReport(report);
    return { ok: true, result: report };
  },
  // A fleet short of its goal on a loaded 2-core machine is a figure too; failures or duplicates are not.
  async B5(quick) {
    const report = await benchFleet({ quick });
    printFleetReport(report);
    return { ok: report.runs.every((r) => r.failed.length + r.wrongInLooker.length + r.duplicates === 0), result: report };
  },
};

async function main(): Promise<number> {
  const quick = process.argv.includes('--quick');
  const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length).split(',');
  let failed = 0;
  for (const [name, run] of Object.entries(benchmarks)) {
    if (only && !only.includes(name)) continue;
    const { ok, result } = await run(quick);
    if (!ok) failed++;
    const file = join(RESULTS, `${name.toLowerCase()}-${quick ? 'quick' : 'full'}.json`);
    writeFileSync(file, JSON.stringify({ benchmark: name, quick, ok, at: new Date().toISOString(), machine: machine(), result }, null, 2) + '\n');
  }
  writeBenchmarksMd(RESULTS, join(__dirname, '..', 'BENCHMARKS.md'));
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    process.exit(1);
  },
);
