// The worker as an operator runs it (`npm run worker`: bin/lookerflow-worker.js), settings from the environment, its
// output captured so tests can wait on it and check what it prints.
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
}

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
  // Never leave a worker behind, whatever the test did with it.
  after(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  });
  return {
    child,
    exited,
    out: () => stdout,
    err: () => stderr,
    ready: async () => {
      await waitFor('the worker start-up line', () => stdout.includes('lookerflow worker on'), { timeoutMs: 90_000 });
    },
  };
}
