// The Looker API emulator as its own process, for `npm run dev` and the benchmarks. They reach it
// the way lookerflow reaches any Looker, over HTTP with LOOKERSDK_* settings, and drive its admin
// API under /_emulator; only the emulator's own tests import its code.
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { freePort } from './free-port';
import { waitFor } from './wait-for';

export interface EmulatorProcess {
  /** LOOKERSDK_BASE_URL, LOOKERSDK_CLIENT_ID and LOOKERSDK_CLIENT_SECRET, as the emulator printed them. */
  lookerEnv: Record<string, string>;
  /** Calls the emulator's admin API, e.g. `admin('GET', '/counters')`. */
  admin<T = unknown>(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T>;
  stop(): Promise<void>;
}

export interface EmulatorProcessOptions {
  port?: number;
  seed?: 'demo' | 'empty' | 'scale';
  /** More command-line options, e.g. `['--scale-dashboards', '1000']` (see emulator/main.ts). */
  args?: string[];
}

export async function startEmulatorProcess({ port, seed = 'demo', args = [] }: EmulatorProcessOptions = {}): Promise<EmulatorProcess> {
  const listenPort = port ?? (await freePort());
  const child = spawn(process.execPath, ['--import', 'tsx', 'emulator/main.ts', '--port', String(listenPort), '--seed', seed, ...args], {
    cwd: resolve(__dirname, '..'),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  try {
    const lookerEnv = await waitFor('the Looker emulator', () => {
      if (child.exitCode !== null) throw new Error(`the emulator exited with ${child.exitCode}`);
      const env = Object.fromEntries([...output.matchAll(/^(LOOKERSDK_\w+)=(.*)$/gm)].map((m) => [m[1], m[2].trim()]));
      return env.LOOKERSDK_CLIENT_SECRET ? env : undefined;
    });
    const adminUrl = `${lookerEnv.LOOKERSDK_BASE_URL}/_emulator`;
    const admin = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
      const response = await fetch(adminUrl + path, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (!response.ok) throw new Error(`emulator admin ${method} ${path}: ${response.status} ${await response.text()}`);
      return (await response.json()) as T;
    };
    return { lookerEnv, admin, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
