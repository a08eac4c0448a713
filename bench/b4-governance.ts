// B4 governance at scale: an archiveStaleContent dry run over N dashboards and N Looks (the
// emulator's `scale` seed), for N = 1,000 and 10,000, each against a fresh emulator and worker
// process. Reports Looker calls against pages scanned (goal: ≤ pages + a small constant), wall
// time, the worker's peak RSS (goal: < 300 MB and flat from 1k to 10k) and history events per
// workflow run. `npx tsx bench/b4-governance.ts [--quick]` (quick: 1,000 and 10,000 dashboards,
// Looks half as many as dashboards; full: as many Looks as dashboards).
import type { ArchiveStaleContentResult } from '../contracts/archive-stale-content';
import { runBenchmarkScript, startBenchStack } from './process-stack';

const PAGE_SIZE = 100;

export interface GovernanceRun {
  dashboards: number;
  looks: number;
  scanned: number;
  candidates: number;
  /** Pages of 100 there are to read (a type's last page is known to be its last from the total). */
  pages: number;
  lookerCalls: number;
  callsByOperation: Record<string, number>;
  /** lookerCalls − pages: the goal is a small constant. */
  callsBeyondPages: number;
  seconds: number;
  workerPeakRssMb: number;
  /** The peak before the job ran (start-up bundles the workflows), and the resident memory after it. */
  workerPeakRssAtStartMb: number;
  workerRssAfterMb: number;
  workflowRuns: number;
  historyEventsPerRun: number[];
}

export async function benchGovernanceRun(dashboards: number, looks: number): Promise<GovernanceRun> {
  const stack = await startBenchStack(`b4-governance-${dashboards}`, {
    emulator: { seed: 'scale', args: ['--scale-dashboards', String(dashboards), '--scale-looks', String(looks), '--scale-users', '200'] },
  });
  try {
    await stack.emulator.admin('DELETE', '/calls');
    const started = Date.now();
    const job = await stack.jobService.startJob({ type: 'archiveStaleContent', input: { unusedDays: 90, action: 'soft_delete', dryRun: true } });
    const result = (await stack.client.workflow.getHandle(job.jobId).result()) as ArchiveStaleContentResult;
    const seconds = (Date.now() - started) / 1000;
    const counters = await stack.emulator.admin<{ total: number; byOperation: Record<string, number> }>('GET', '/counters');
    const historyEventsPerRun: number[] = [];
    for await (const run of stack.client.workflow.list({ query: `WorkflowId = '${job.jobId}'` })) {
      const history = await stack.client.workflow.getHandle(job.jobId, run.runId).fetchHistory();
      historyEventsPerRun.push(history.events?.length ?? 0);
    }
    const pages = [dashboards, looks].reduce((sum, n) => sum + Math.max(1, Math.ceil(n / PAGE_SIZE)), 0);
    return {
      dashboards,
      looks,
      scanned: result.scanned,
      candidates: result.candidates,
      pages,
      lookerCalls: counters.total,
      callsByOperation: counters.byOperation,
      callsBeyondPages: counters.total - pages,
      seconds,
      workerPeakRssMb: stack.workerPeakRssMb(),
      workerPeakRssAtStartMb: stack.workerPeakRssAtStartMb,
      workerRssAfterMb: stack.workerRssMb(),
      workflowRuns: historyEventsPerRun.length,
      historyEventsPerRun: historyEventsPerRun.reverse(),
    };
  } finally {
    await stack.stop();
  }
}

export async function benchGovernance({ quick = false } = {}): Promise<{ runs: GovernanceRun[] }> {
  const runs: GovernanceRun[] = [];
  for (const dashboards of [1_000, 10_000]) runs.push(await benchGovernanceRun(dashboards, quick ? dashboards / 2 : dashboards));
  return { runs };
}

export function printGovernanceReport({ runs }: { runs: GovernanceRun[] }): void {
  for (const run of runs) {
    console.log(
      `B4 archiveStaleContent dry run, ${run.dashboards} dashboards + ${run.looks} Looks: scanned ${run.scanned}, ${run.candidates} stale; ` +
        `${run.lookerCalls} Looker calls for ${run.pages} pages (+${run.callsBeyondPages}); ${run.seconds.toFixed(1)} s; ` +
        `worker peak RSS ${run.workerPeakRssMb} MB (${run.workerPeakRssAtStartMb} MB at start, ${run.workerRssAfterMb} MB after); ${run.workflowRuns} workflow runs, history events ${run.historyEventsPerRun.join('/')}`,
    );
  }
  const [small, large] = runs;
  if (small && large) console.log(`  peak RSS ${small.workerPeakRssMb} → ${large.workerPeakRssMb} MB (goal < 300 MB, flat)`);
}

if (require.main === module) runBenchmarkScript('b4-governance', benchGovernance, printGovernanceReport);
