// Starts and stops the real Temporal dev server (`temporal server start-dev`).
// Used by `npm run dev`, the test runner and the benchmarks.
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { promisify } from 'node:util';
import { Connection } from '@temporalio/client';
import { SEARCH_ATTRIBUTE_TYPES } from '../contracts/job';
import { freePort } from './free-port';
import { waitFor } from './wait-for';

const projectRoot = resolve(__dirname, '..');

export interface DevServerOptions {
  /** gRPC frontend port; a free one when omitted. */
  port?: number;
  /** Web UI port; a free one when omitted. Ignored when `ui` is false. */
  uiPort?: number;
  ui?: boolean;
  /** SQLite file that keeps workflows across restarts; in-memory when omitted. */
  dbFilename?: string;
  /** Where the server's own log goes. */
  logFile?: string;
  startTimeoutMs?: number;
}

export interface DevServer {
  address: string;
  namespace: string;
  uiUrl?: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** Path of a working `temporal` CLI, found or built by scripts/temporal-cli.sh. */
export async function temporalCliPath(): Promise<string> {
  const { stdout } = await promisify(execFile)('bash', [resolve(projectRoot, 'scripts/temporal-cli.sh')], {
    maxBuffer: 1024 * 1024,
  }).catch((err: { stderr?: string }) => {
    throw new Error(`could not obtain the Temporal CLI:\n${err.stderr ?? String(err)}`);
  });
  return stdout.trim();
}

export async function startDevServer(options: DevServerOptions = {}): Promise<DevServer> {
  const cli = await temporalCliPath();
  const port = options.port ?? (await freePort());
  const ui = options.ui ?? true;
  const uiPort = ui ? (options.uiPort ?? (await freePort())) : undefined;
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(port), '--log-level', 'warn'];
  args.push(...(uiPort ? ['--ui-port', String(uiPort)] : ['--headless']));
  if (options.dbFilename) {
    mkdirSync(dirname(options.dbFilename), { recursive: true });
    args.push('--db-filename', options.dbFilename);
  }
  for (const [name, type] of Object.entries(SEARCH_ATTRIBUTE_TYPES)) args.push('--search-attribute', `${name}=${type}`);

  const child = spawn(cli, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  if (options.logFile) {
    mkdirSync(dirname(options.logFile), { recursive: true });
    const log = createWriteStream(options.logFile, { flags: 'a' });
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
  } else {
    child.stdout?.resume();
    child.stderr?.resume();
  }
  // A dev server must never outlive the process that started it.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  let exited: string | undefined;
  child.once('exit', (code, signal) => {
    exited = `exited with ${signal ?? code}`;
  });
  const address = `127.0.0.1:${port}`;
  await waitFor(
    `the Temporal dev server on ${address}`,
    async () => {
      if (exited) throw new Error(`temporal server start-dev ${exited}; see ${options.logFile ?? 'its output'}`);
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      try {
        await connection.workflowService.describeNamespace({ namespace: 'default' });
        return true;
      } finally {
        await connection.close();
      }
    },
    { timeoutMs: options.startTimeoutMs ?? 60_000, intervalMs: 200 },
  ).catch((err) => {
    child.kill('SIGKILL');
    throw err;
  });

  return {
    address,
    namespace: 'default',
    uiUrl: uiPort ? `http://127.0.0.1:${uiPort}` : undefined,
    process: child,
    async stop() {
      process.removeListener('exit', killOnExit);
      if (child.exitCode !== null || child.signalCode !== null) return;
      const gone = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await gone;
      clearTimeout(timer);
    },
  };
}
