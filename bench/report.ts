// The machine a benchmark ran on, and BENCHMARKS.md rebuilt from every result file.
import type { FrontDoorReport } from './b3-front-door';
import type { GovernanceRun } from './b4-governance';
import { FLEET_LOOKER_RPS, fleetMisses, type FleetRun } from './b5-fleet';
import { cpus, totalmem, release, platform } from 'node:os';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BulkOnboardBenchReport } from './bulk-onboard';
import type { LivelockReport } from './livelock';
import type { PollingReport } from './polling';

export function machine() {
  const cpu = cpus();
  return {
    cpu: `${cpu.length} × ${cpu[0]?.model ?? 'unknown'}`,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    os: `${platform()} ${release()}`,
    node: process.version,
  };
}

interface ResultFile {
  benchmark: string;
  quick: boolean;
  ok: boolean;
  at: string;
  machine: ReturnType<typeof machine>;
  result: unknown;
}

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
const n2 = (x: number) => x.toFixed(2);

function b1Misses(file: ResultFile): string[] {
  const { bulk, livelock } = file.result as { bulk: BulkOnboardBenchReport[]; livelock: LivelockReport };
  const misses = bulk.flatMap((r) => {
    const setting = `LOOKER_API_RPS ${r.workerRps ?? 'unset'}`;
    return [
      r.limitUse < 0.9 ? `${setting}: limit use ${n2(r.limitUse)} < 0.9` : '',
      r.share429 > 0.05 ? `${setting}: 429 share ${pct(r.share429)} > 5 %` : '',
      r.duplicates ? `${setting}: ${r.duplicates} duplicates` : '',
      r.failed.length + r.wrongInLooker.length ? `${setting}: ${r.failed.length + r.wrongInLooker.length} failures` : '',
    ];
  });
  misses.push(livelock.completed < livelock.jobs ? `livelock: ${livelock.completed}/${livelock.jobs} finished` : '');
  misses.push(livelock.limitUse < 0.8 ? `livelock: limit use ${n2(livelock.limitUse)} < 0.8` : '');
  return misses.filter(Boolean);
}

function b2Misses(file: ResultFile): string[] {
  const r = file.result as PollingReport;
  return [
    ...r.byDuration.map((d) => (d.lookerflow.worstDelayShareOfGoal > 1 ? `${d.seconds} s queries: worst delay ${d.lookerflow.maxDelayMs} ms over max(10 %, 250 ms)` : '')),
    r.callsPerSecondInFlight.lookerflow > 4.5 ? `${r.callsPerSecondInFlight.lookerflow.toFixed(1)} poll calls/s with ${r.inFlight.tasks} in flight` : '',
  ].filter(Boolean);
}

function b1(file: ResultFile): string[] {
  const { bulk, livelock } = file.result as { bulk: BulkOnboardBenchReport[]; livelock: LivelockReport };
  return [
    '| users | Looker limit | LOOKER_API_RPS | answered calls/s ÷ limit (goal ≥ 0.9) | 429 share (goal ≤ 5 %) | wall ÷ ideal | calls/user | duplicates | failures |',
    '|---|---|---|---|---|---|---|---|---|',
    ...bulk.map(
      (r) =>
        `| ${r.users} | ${r.lookerRps}/s | ${r.workerRps ?? 'unset'} | ${n2(r.limitUse)} | ${pct(r.share429)} | ${n2(r.wallOverIdeal)} | ${n2(r.callsPerUser)} | ${r.duplicates} | ${r.failed.length + r.wrongInLooker.length} |`,
    ),
    '',
    `Livelock case: ${livelock.jobs} concurrent onboardUser jobs, Looker ${livelock.lookerLimit.rps}/s burst ${livelock.lookerLimit.burst}, LOOKER_API_RPS ${livelock.workerRps}: ` +
      `**${livelock.completed}/${livelock.jobs} finished** in ${livelock.seconds.toFixed(1)} s (cap ${livelock.capSeconds} s), ${pct(livelock.share429)} answered 429, ` +
      `limit use ${n2(livelock.limitUse)} (goal: all finish, ≥ 0.8).`,
  ];
}

function b2(file: ResultFile): string[] {
  const r = file.result as PollingReport;
  return [
    '| Looker-side run time | lookerflow delay median / max (goal ≤ max(10 %, 250 ms)) | polls/task | baseline (1 s per task) delay median / max | polls/task |',
    '|---|---|---|---|---|',
    ...r.byDuration.map(
      (d) =>
        `| ${d.seconds} s | ${d.lookerflow.medianDelayMs} / ${d.lookerflow.maxDelayMs} ms (${n2(d.lookerflow.worstDelayShareOfGoal)} of goal) | ${d.lookerflow.pollsPerTask.toFixed(1)} | ` +
        `${d.baseline.medianDelayMs} / ${d.baseline.maxDelayMs} ms | ${d.baseline.pollsPerTask.toFixed(1)} |`,
    ),
    '',
    `With ${r.inFlight.tasks} queries in flight (${r.inFlight.seconds} s each): lookerflow **${r.callsPerSecondInFlight.lookerflow.toFixed(1)} poll calls/s** ` +
      `(goal ≤ ~4), baseline ${r.callsPerSecondInFlight.baseline.toFixed(1)} calls/s.`,
  ];
}

function b3(file: ResultFile): string[] {
  const r = file.result as FrontDoorReport;
  return [
    '| runs | Looker query | run_query via MCP median / p95 | same task via the SDK median / p95 | ratio of medians | goal (1.3 × SDK + 50 ms) |',
    '|---|---|---|---|---|---|',
    `| ${r.runs} | ${r.queryDurationMs} ms | ${r.mcp.median} / ${r.mcp.p95} ms | ${r.sdk.median} / ${r.sdk.p95} ms | ${n2(r.ratioOfMedians)}× | ≤ ${r.goalMs} ms |`,
  ];
}

function b3Misses(file: ResultFile): string[] {
  const r = file.result as FrontDoorReport;
  return r.met ? [] : [`run_query median ${r.mcp.median} ms > ${r.goalMs} ms`];
}

function b4(file: ResultFile): string[] {
  const { runs } = file.result as { runs: GovernanceRun[] };
  return [
    '| dashboards + Looks | Looker calls / pages | wall time | worker peak RSS (at start → after) | runs | history events per run |',
    '|---|---|---|---|---|---|',
    ...runs.map(
      (r) =>
        `| ${r.dashboards} + ${r.looks} | ${r.lookerCalls} / ${r.pages} | ${r.seconds.toFixed(1)} s | ${r.workerPeakRssAtStartMb} → ${r.workerRssAfterMb} MB (peak ${r.workerPeakRssMb}) | ${r.workflowRuns} | ${r.historyEventsPerRun.join(' / ')} |`,
    ),
    ...(runs.length > 1 ? ['', `Peak RSS from the smallest to the largest run: ${rssGrowth(runs)} (goal < 300 MB and flat: at most ${pct(FLAT_RSS_GROWTH)} more).`] : []),
  ];
}

/** "Flat from 1k to 10k": the largest run's peak at most this much above the smallest's. */
const FLAT_RSS_GROWTH = 0.2;

function rssGrowth(runs: GovernanceRun[]): string {
  const first = runs[0]!.workerPeakRssMb;
  const last = runs[runs.length - 1]!.workerPeakRssMb;
  return `${first} → ${last} MB (${last >= first ? '+' : ''}${pct(last / first - 1)})`;
}

function b4Misses(file: ResultFile): string[] {
  const { runs } = file.result as { runs: GovernanceRun[] };
  const missed: string[] = [];
  for (const r of runs) {
    if (r.callsBeyondPages > 5) missed.push(`${r.dashboards} dashboards: ${r.callsBeyondPages} calls beyond pages`);
    if (r.workerPeakRssMb >= 300) missed.push(`${r.dashboards} dashboards: worker peak RSS ${r.workerPeakRssMb} MB ≥ 300 MB`);
  }
  const [first, last] = [runs[0], runs[runs.length - 1]];
  if (first && last && last.workerPeakRssMb > first.workerPeakRssMb * (1 + FLAT_RSS_GROWTH)) missed.push(`peak RSS not flat: ${rssGrowth(runs)}`);
  return missed;
}

function b5(file: ResultFile): string[] {
  const { runs } = file.result as { runs: FleetRun[] };
  return [
    `Looker limited to ${FLEET_LOOKER_RPS} calls/s, 150 ms a call, 2 calls at once per worker (one worker alone cannot reach the limit).`,
    '',
    '| worker processes | users | answered calls/s ÷ limit | sent calls/s ÷ limit | 429 share | wall time | calls/user | duplicates | failures |',
    '|---|---|---|---|---|---|---|---|---|',
    ...runs.map(
      (r) =>
        `| ${r.workers} | ${r.users} | ${n2(r.limitUse)} | ${n2(r.sentUse)} | ${pct(r.share429)} | ${r.seconds.toFixed(1)} s | ${n2(r.callsPerUser)} | ${r.duplicates} | ${r.failed.length + r.wrongInLooker.length} |`,
    ),
  ];
}

const TABLES: Record<string, { title: string; render: (file: ResultFile) => string[]; misses: (file: ResultFile) => string[] }> = {
  B1: { title: 'B1 limit use', render: b1, misses: b1Misses },
  B2: { title: 'B2 polling', render: b2, misses: b2Misses },
  B3: { title: 'B3 front door', render: b3, misses: b3Misses },
  B4: { title: 'B4 governance at scale', render: b4, misses: b4Misses },
  B5: { title: 'B5 fleet', render: b5, misses: (file) => fleetMisses((file.result as { runs: FleetRun[] }).runs) },
};

export function writeBenchmarksMd(resultsDir: string, target: string): void {
  const files: ResultFile[] = existsSync(resultsDir)
    ? readdirSync(resultsDir)
        .filter((f) => f.endsWith('.json'))
        .map((f) => JSON.parse(readFileSync(join(resultsDir, f), 'utf8')) as ResultFile)
    : [];
  const lines = [
    '# Benchmarks',
    '',
    '`npm run bench` (full) or `npm run bench -- --quick` (small versions, as CI runs them); `--only=B1,B2` picks some.',
    'Each run writes `bench/results/<benchmark>-<full|quick>.json`; this file is rebuilt from those. These machines are',
    'shared and noisy: read the ratios, not the seconds.',
    '',
    ...readNotes(resultsDir),
  ];
  for (const [name, { title, render, misses }] of Object.entries(TABLES)) {
    for (const file of files.filter((f) => f.benchmark === name).sort((a) => (a.quick ? 1 : -1))) {
      lines.push(`## ${title} (${file.quick ? 'quick' : 'full'}, ${file.ok ? 'its check passed' : 'FAILED its check'})`, '');
      lines.push(`Run ${file.at} on ${file.machine.cpu}, ${file.machine.memoryGb} GB, ${file.machine.os}, Node ${file.machine.node}.`, '');
      lines.push(...render(file), '');
      const missed = misses(file);
      lines.push(missed.length ? `Goals not met: ${missed.join('; ')}.` : 'Every goal met.', '');
    }
  }
  writeFileSync(target, lines.join('\n'));
}

/** bench/results/NOTES.md, written by hand: what limits the goals not met. */
function readNotes(resultsDir: string): string[] {
  const file = join(resultsDir, 'NOTES.md');
  return existsSync(file) ? [readFileSync(file, 'utf8').trim(), ''] : [];
}
