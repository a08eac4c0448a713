// `npm run dev`: the Temporal dev server (+ Web UI), the Looker emulator when LOOKERSDK_BASE_URL
// is unset, a worker and the MCP server over HTTP. Prints the URLs; Ctrl-C stops everything.
import { resolve } from 'node:path';
import { connectJobService } from '../jobs/connect';
import type { JobService } from '../jobs/job-service';
import { mcpHttpSettingsFromEnv, startMcpHttpServer } from '../mcp/http';
import { readAccessPolicy } from '../mcp/policy';
import { SettingsError } from '../common/settings';
import { installWorkerLogging } from '../worker/logging';
import { readWorkerSettings } from '../worker/settings';
import { startWorker, StartupError } from '../worker/start-worker';
import { startEmulatorProcess } from './emulator-process';
import { startDevServer } from './temporal-dev-server';

const root = resolve(__dirname, '..');
const stops: Array<() => Promise<void> | void> = [];

async function main(): Promise<void> {
  const temporal = await startDevServer({
    port: Number(process.env.TEMPORAL_PORT ?? 7233),
    uiPort: Number(process.env.TEMPORAL_UI_PORT ?? 8233),
    // Another file keeps a second stack (a test of this script) off the developer's history.
    dbFilename: process.env.LOOKERFLOW_DEV_DB ?? resolve(root, '.temporal/dev.sqlite'),
    logFile: resolve(root, '.temporal/dev-server.log'),
  });
  stops.push(() => temporal.stop());
  const env: NodeJS.ProcessEnv = { ...process.env, TEMPORAL_ADDRESS: temporal.address };
  let lookerNote = `Looker: ${process.env.LOOKERSDK_BASE_URL ?? 'from LOOKERSDK_INI'}`;
  const usingEmulator = !process.env.LOOKERSDK_BASE_URL && !process.env.LOOKERSDK_INI;
  if (usingEmulator) {
    const emulator = await startEmulatorProcess({ port: process.env.LOOKERFLOW_EMULATOR_PORT ? Number(process.env.LOOKERFLOW_EMULATOR_PORT) : undefined });
    stops.push(() => emulator.stop());
    Object.assign(env, emulator.lookerEnv);
    lookerNote = `Looker emulator (demo seed): ${env.LOOKERSDK_BASE_URL}`;
  }
  const settings = readWorkerSettings(env);
  // As `npm run worker`: the SDK's bundle report and expected warnings only at LOOKERFLOW_LOG_LEVEL=debug.
  installWorkerLogging(settings.LOOKERFLOW_LOG_LEVEL);
  const worker = await startWorker(settings, env);
  stops.push(() => worker.close());
  const running = worker.workers.run();
  const mcp = await startMcp({ LOOKERFLOW_TEMPORAL_UI_URL: temporal.uiUrl, ...env });

  console.log(`
lookerflow is running
  Temporal:     ${temporal.address} (namespace default)
  Temporal UI:  ${temporal.uiUrl}
  ${lookerNote}
  Worker:       task queue ${env.LOOKERFLOW_TASK_QUEUE ?? 'lookerflow'}, Looker as ${await worker.lookerUser}
  MCP (HTTP):   ${mcp.url}${env.LOOKERFLOW_MCP_TOKEN ? ' (bearer token from LOOKERFLOW_MCP_TOKEN)' : ''}
  Try it:       npx @modelcontextprotocol/inspector --cli ${mcp.url} --method tools/list${env.LOOKERFLOW_MCP_TOKEN ? ' --header "Authorization: Bearer $LOOKERFLOW_MCP_TOKEN"' : ''}
Press Ctrl-C to stop.`);
  // Against the emulator, run the main job once so there is something to look at in the UI.
  // Never against a real Looker: it would create a dashboard there.
  if (usingEmulator && env.LOOKERFLOW_DEV_DEMO !== '0') runDemoJob(mcp.jobService).catch((err: unknown) => console.error(`demo job: ${err instanceof Error ? err.message : err}`));
  // The Temporal runtime also reacts to SIGINT/SIGTERM by draining the workers; then stop the rest.
  await running;
  await stopAll();
}

/** The seed scenario: revenue by category, and a dashboard of the categories over 100k. */
const DEMO_JOB = {
  type: 'queryToDashboard',
  input: {
    query: { model: 'ecommerce', explore: 'order_items', fields: ['products.category', 'order_items.total_revenue'] },
    keepRowsWhere: { field: 'order_items.total_revenue', op: '>', value: 100000 },
    dashboard: { title: 'Categories over 100k' },
  },
};

async function runDemoJob(jobService: JobService): Promise<void> {
  const started = await jobService.startJob(DEMO_JOB);
  console.log(`Demo job:     ${DEMO_JOB.type} started, watch it at ${started.uiUrl} (LOOKERFLOW_DEV_DEMO=0 skips it)`);
  const done = await jobService.waitForJob(started.jobId, { timeoutMs: 120_000 });
  const result = done.result as { rows?: unknown[]; dashboardUrl?: string } | undefined;
  console.log(
    done.status === 'completed'
      ? `Demo job:     completed: ${result?.rows?.length ?? 0} categories over 100k, dashboard ${result?.dashboardUrl ?? '(none)'}`
      : `Demo job:     ${done.status}${done.failure ? `: ${done.failure.message}` : ''}`,
  );
}

/** The MCP server over Streamable HTTP on LOOKERFLOW_MCP_PORT (default 8787). */
async function startMcp(env: NodeJS.ProcessEnv): Promise<{ url: string; jobService: JobService }> {
  const { jobService, close } = await connectJobService(env);
  stops.push(close);
  const http = await startMcpHttpServer({ ...mcpHttpSettingsFromEnv(env), policy: readAccessPolicy(env), jobService });
  stops.push(() => http.close());
  return { url: http.url, jobService };
}

async function stopAll(): Promise<void> {
  while (stops.length) await Promise.resolve(stops.pop()!()).catch(() => undefined);
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.log('\nstopping ...');
    stopAll().then(() => process.exit(0));
  });
}

main().catch(async (err: unknown) => {
  console.error(err instanceof SettingsError || err instanceof StartupError ? err.message : err);
  await stopAll();
  process.exit(1);
});
