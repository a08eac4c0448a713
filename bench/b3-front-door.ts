// B3 front door: `run_query` through MCP (MCP client → job service → workflow → activities →
// Looker) against the same async query task driven straight through the SDK (create_query,
// create_query_task, query_task polled every 10 ms, query_task_results), interleaved in one run.
// Goal: median(MCP) ≤ 1.3 × median(SDK) + 50 ms. `npx tsx bench/b3-front-door.ts [--quick]`.
import { Client as McpClient } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { createLookerClient, lookerSettingsFromEnv } from '../activities';
import { createMcpServer } from '../mcp/server';
import { percentiles, runBenchmarkScript, startBenchStack, type BenchStack } from './process-stack';

const QUERY = { model: 'ecommerce', explore: 'order_items', fields: ['products.category', 'order_items.total_revenue'], limit: 500 };

export interface FrontDoorReport {
  runs: number;
  queryDurationMs: number;
  mcp: { median: number; p95: number };
  sdk: { median: number; p95: number };
  ratioOfMedians: number;
  /** The goal's bound for the MCP median: 1.3 × the SDK median + 50 ms. */
  goalMs: number;
  met: boolean;
  /** The last MCP run's workflow history: ms since the workflow started, per event. */
  lastRunTrace: string[];
}

export async function benchFrontDoor({ quick = false } = {}): Promise<FrontDoorReport> {
  const runs = quick ? 10 : 40;
  const stack = await startBenchStack('b3-front-door', { emulator: { seed: 'demo' } });
  const mcp = new McpClient({ name: 'bench', version: '1' });
  const server = createMcpServer({ jobService: stack.jobService, policy: { allowsWrites: false } });
  try {
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await server.connect(serverSide);
    await mcp.connect(clientSide);
    const looker = createLookerClient(lookerSettingsFromEnv(stack.emulator.lookerEnv));
    const { queryDurationMs } = await stack.emulator.admin<{ queryDurationMs: number }>('GET', '/config');

    const viaMcp = async () => {
      const result = (await mcp.callTool({ name: 'run_query', arguments: QUERY })) as CallToolResult;
      if (result.isError || !(result.structuredContent as { rows?: unknown[] })?.rows?.length) {
        throw new Error(`run_query failed: ${JSON.stringify(result.content)}`);
      }
    };
    const viaSdk = async () => {
      const query = await looker.call('create_query', (sdk) =>
        sdk.create_query({ model: QUERY.model, view: QUERY.explore, fields: QUERY.fields, limit: String(QUERY.limit) }, 'id'),
      );
      const task = await looker.call('create_query_task', (sdk) => sdk.create_query_task({ body: { query_id: query.id!, result_format: 'json' as never } }));
      for (;;) {
        const { status } = await looker.call('query_task', (sdk) => sdk.query_task(task.id!, 'status'));
        if (status === 'complete') break;
        if (status === 'error' || status === 'killed') throw new Error(`query task ${status}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      await looker.call('query_task_results', (sdk) => sdk.query_task_results(task.id!));
    };
    const timed = async (run: () => Promise<void>) => {
      const started = performance.now();
      await run();
      return performance.now() - started;
    };

    // Warm-up: bundles loaded, connections open, the explore read once.
    await viaMcp();
    await viaSdk();
    const mcpMs: number[] = [];
    const sdkMs: number[] = [];
    for (let i = 0; i < runs; i++) {
      mcpMs.push(await timed(viaMcp));
      sdkMs.push(await timed(viaSdk));
    }
    const trace = await lastRunTrace(stack.client);
    const mcpStats = percentiles(mcpMs);
    const sdkStats = percentiles(sdkMs);
    const goalMs = 1.3 * sdkStats.median + 50;
    return {
      runs,
      queryDurationMs,
      mcp: round(mcpStats),
      sdk: round(sdkStats),
      ratioOfMedians: Number((mcpStats.median / sdkStats.median).toFixed(2)),
      goalMs: Math.round(goalMs),
      met: mcpStats.median <= goalMs,
      lastRunTrace: trace,
    };
  } finally {
    await mcp.close().catch(() => undefined);
    await server.close().catch(() => undefined);
    await stack.stop();
  }
}

/** Where the time of the last run_query went inside the engine, event by event. */
async function lastRunTrace(client: BenchStack['client']): Promise<string[]> {
  for await (const execution of client.workflow.list({ query: `WorkflowType = 'runInlineQuery'`, pageSize: 1 })) {
    const history = await client.workflow.getHandle(execution.workflowId, execution.runId).fetchHistory();
    const ms = (t: unknown) => Number((t as { seconds: { toNumber(): number } }).seconds.toNumber()) * 1000 + Number((t as { nanos: number }).nanos) / 1e6;
    const start = ms(history.events![0].eventTime);
    return history.events!.map((e) => {
      const kind = Object.keys(e).find((k) => k.endsWith('Attributes') && (e as Record<string, unknown>)[k]) ?? String(e.eventType);
      const activity = (e.activityTaskScheduledEventAttributes?.activityType?.name ?? '');
      return `${(ms(e.eventTime) - start).toFixed(0)} ms ${kind.replace('EventAttributes', '')}${activity ? ` ${activity}` : ''}`;
    });
  }
  return [];
}

function round({ median, p95 }: { median: number; p95: number }) {
  return { median: Math.round(median), p95: Math.round(p95) };
}

export function printFrontDoorReport(report: FrontDoorReport): boolean {
  console.log(
    `B3 front door (${report.runs} runs, Looker query ${report.queryDurationMs} ms): run_query via MCP median ${report.mcp.median} ms, p95 ${report.mcp.p95} ms; ` +
      `SDK median ${report.sdk.median} ms, p95 ${report.sdk.p95} ms; ratio ${report.ratioOfMedians}× ` +
      `(goal ≤ ${report.goalMs} ms) → ${report.met ? 'met' : 'NOT met'}`,
  );
  return report.met;
}

if (require.main === module) runBenchmarkScript('b3-front-door', benchFrontDoor, printFrontDoorReport);
