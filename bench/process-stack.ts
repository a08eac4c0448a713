// What the front-door, governance, fleet and calls-per-user benchmarks run against: a dev server, the
// emulator as a process, one or more worker processes (`bin/lookerflow-worker.js`, as `npm run
// worker` runs it, so each one's memory is its own) and a job service, as the MCP server and the CLI use it.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { createJobService, type JobService } from '../jobs/job-service';
import { startEmulatorProcess, type EmulatorProcess, type EmulatorProcessOptions } from '../scripts/emulator-process';
import { startDevServer } from '../scripts/temporal-dev-server';
import { waitFor } from '../scripts/wait-for';

/** As `npm run worker`, the Docker image and docker-compose.yml run the worker (README "Worker memory"). */
const WORKER_NODE_FLAGS = ['--max-semi-space-size=4'];
const WORKER_ENV = { MALLOC_ARENA_MAX: '2' };

export interface BenchStack {
  emulator: EmulatorProcess;
  client: Client;
  jobService: JobService;
  taskQueue: string;
  /** The worker process's peak resident memory so far (VmHWM), in MB. */
  workerPeakRssMb(): number;
  /** Its peak once started (workflows bundled, workers polling), before any job ran. */
  workerPeakRssAtStartMb: number;
  /** Its resident memory now (VmRSS), in MB. */
  workerRssMb(): number;
  stop(): Promise<void>;
}

export async function startBenchStack(
  name: string,
  {
    emulator: emulatorOptions = {},
    workerEnv = {},
    workers = 1,
  }: { emulator?: EmulatorProcessOptions; workerEnv?: Record<string, string>; /** Worker processes on the task queue. */ workers?: number } = {},
): Promise<BenchStack> {
  const scratch = mkdtempSync(join(tmpdir(), `lookerflow-${name}-`));
  const stops: Array<() => Promise<unknown>> = [async () => rmSync(scratch, { recursive: true, force: true })];
  const stop = async () => {
    for (const step of stops.reverse()) await step().catch(() => undefined);
  };
  try {
    const server = await startDevServer({ ui: false, logFile: join(scratch, 'temporal.log') });
    stops.push(() => server.stop());
    const emulator = await startEmulatorProcess(emulatorOptions);
    stops.push(() => emulator.stop());
    const taskQueue = `bench-${name}`;
    const spawnWorker = async (index: number): Promise<number> => {
      const worker = spawn(process.execPath, [...WORKER_NODE_FLAGS, 'bin/lookerflow-worker.js'], {
        cwd: resolve(__dirname, '..'),
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          ...WORKER_ENV,
          ...emulator.lookerEnv,
          TEMPORAL_ADDRESS: server.address,
          LOOKERFLOW_TASK_QUEUE: taskQueue,
          LOOKERFLOW_FILES_DIR: join(scratch, 'files'),
          LOOKERFLOW_SHUTDOWN_GRACE_SECONDS: '2',
          ...workerEnv,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let errors = '';
      worker.stderr!.on('data', (chunk) => (errors = (errors + chunk).slice(-4000)));
      const exited = new Promise<void>((done) => worker.once('exit', () => done()));
      stops.push(async () => {
        if (worker.exitCode === null && worker.signalCode === null) worker.kill('SIGTERM');
        await exited;
      });
      let output = '';
      worker.stdout!.on('data', (chunk) => (output += chunk));
      await waitFor(
        `worker ${index + 1}'s start-up line`,
        () => {
          if (worker.exitCode !== null) throw new Error(`the worker exited with ${worker.exitCode}: ${output}${errors}`);
          return output.includes('lookerflow worker on');
        },
        { timeoutMs: 120_000 },
      );
      return worker.pid!;
    };
    // One after another: the first builds a stale workflow bundle, the others load it.
    const pids: number[] = [];
    for (let i = 0; i < workers; i++) pids.push(await spawnWorker(i));
    const connection = await Connection.connect({ address: server.address });
    stops.push(() => connection.close());
    const client = new Client({ connection });
    const jobService = createJobService({ client, taskQueue, uiBaseUrl: 'http://localhost:8233' });
    // The largest of the workers (B4 runs one).
    const memoryMb = (field: 'VmHWM' | 'VmRSS') =>
      Math.max(
        ...pids.map((pid) => {
          const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
          return match ? Math.round(Number(match[1]) / 1024) : NaN;
        }),
      );
    const workerPeakRssMb = () => memoryMb('VmHWM');
    const workerRssMb = () => memoryMb('VmRSS');
    return { emulator, client, jobService, taskQueue, workerPeakRssMb, workerPeakRssAtStartMb: workerPeakRssMb(), workerRssMb, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Median and p95 of a list of numbers (nearest rank). */
export function percentiles(values: number[]): { median: number; p95: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? NaN;
  return { median: at(0.5), p95: at(0.95) };
}

/** Writes a benchmark's report to bench/results/<name>.json and returns the path. */
export function saveResult(name: string, report: unknown): string {
  const dir = resolve(__dirname, 'results');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}.json`);
  writeFileSync(path, JSON.stringify({ benchmark: name, at: new Date().toISOString(), ...(report as object) }, null, 2) + '\n');
  return path;
}

/** Runs a benchmark as a script: `--quick` from the command line, the report printed and saved. */
export function runBenchmarkScript<R>(name: string, run: (options: { quick: boolean }) => Promise<R>, print: (report: R) => void): void {
  run({ quick: process.argv.includes('--quick') }).then(
    (report) => {
      print(report);
      console.log(`  saved ${saveResult(name, report)}`);
      process.exit(0);
    },
    (error: unknown) => {
      console.error(error instanceof Error ? error.stack : error);
      process.exit(1);
    },
  );
}
