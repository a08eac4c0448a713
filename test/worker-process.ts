// The worker as an operator runs it (`npm run worker`: bin/lookerflow-worker.js), settings from the environment, its
// output captured so tests can wait on it and check what it prints.
//
// Every worker started here is stopped by the end of the file, wherever runWorkerProcess was
// called. An `after` registered from inside a test is not enough: node:test attaches it to the
// test whose async context the call runs in, and once the test has awaited a promise an earlier
// test created (useTemporal()'s shared server, for one) that is the earlier test, long finished,
// and the hook never runs; the worker then kept the file from ending. So the live workers are
// also kept in one registry, stopped by a hook on the file's root registered when this module
// loads (before any hook a test registers: workers go before what they are connected to), and,
// should the process exit first, killed then.
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { after } from 'node:test';
import { waitFor } from '../scripts/wait-for';

export interface WorkerProcess {
  child: ChildProcess;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  out(): string;
  err(): string;
  /** Waits for the start-up line that says the worker is connected and polling. */
  ready(): Promise<void>;
  /** Kills the worker (SIGKILL) unless it has exited already, and waits for it to exit. */
  stop(): Promise<number | null>;
}

const live = new Set<WorkerProcess>();

after(() => Promise.all([...live].map((worker) => worker.stop())));
process.on('exit', () => {
  for (const { child } of live) child.kill('SIGKILL');
});

export function runWorkerProcess(env: Record<string, string>): WorkerProcess {
  const child = spawn(process.execPath, ['bin/lookerflow-worker.js'], {
    cwd: resolve(__dirname, '..'),
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  const worker: WorkerProcess = {
    child,
    exited,
    out: () => stdout,
    err: () => stderr,
    ready: async () => {
      await waitFor('the worker start-up line', () => stdout.includes('lookerflow worker on'), { timeoutMs: 90_000 });
    },
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      return exited;
    },
  };
  live.add(worker);
  void exited.then(() => live.delete(worker));
  // Sooner where node:test runs it: when the test that started the worker ends.
  after(() => worker.stop());
  return worker;
}
