/**
 * CLI: `npm run emulator -- --port 19999 --seed demo` (`--help` lists the options).
 * Prints one "listening" line, then the LOOKERSDK_* settings to use.
 */
import { parseArgs } from 'node:util';
import { loadSpec } from './core/spec';
import { startEmulator, type EmulatorOptions } from './emulator';
import { loadEngine } from './engine';
import { coverage, coverageText } from './engine/coverage';
import { HANDLERS } from './handlers';
import type { SeedSpec } from './seeds';

const USAGE = 'usage: emulator [--port N] [--host H] [--seed empty|demo|scale] [--seed-number N] [--scale-dashboards N] [--scale-looks N] [--scale-users N] [--token-ttl S] [--query-duration MS] [--render-duration MS] [--state PATH] [--verbose]';

function fail(message: string): never {
  process.stderr.write(`emulator: ${message}. ${USAGE}\n`);
  process.exit(2);
}

function integer(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) fail(`--${name} must be a non-negative integer, got "${value}"`);
  return Number(value);
}

function parseOptions(argv: string[]): EmulatorOptions & { verbose: boolean } {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        seed: { type: 'string' },
        'seed-number': { type: 'string' },
        'scale-dashboards': { type: 'string' },
        'scale-looks': { type: 'string' },
        'scale-users': { type: 'string' },
        'token-ttl': { type: 'string' },
        'query-duration': { type: 'string' },
        'render-duration': { type: 'string' },
        state: { type: 'string' },
        verbose: { type: 'boolean', short: 'v' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    fail((error as Error).message.split('\n')[0].replace(/\.$/, ''));
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const seedName = values.seed ?? 'demo';
  if (!['empty', 'demo', 'scale'].includes(seedName)) fail(`--seed must be empty, demo or scale, got "${seedName}"`);
  const seed: SeedSpec =
    seedName === 'scale'
      ? { name: 'scale', dashboards: integer('scale-dashboards', values['scale-dashboards']), looks: integer('scale-looks', values['scale-looks']), users: integer('scale-users', values['scale-users']) }
      : (seedName as 'empty' | 'demo');
  return {
    port: integer('port', values.port) ?? 19999,
    host: values.host ?? '127.0.0.1',
    seed,
    seedNumber: integer('seed-number', values['seed-number']),
    tokenTtlSeconds: integer('token-ttl', values['token-ttl']),
    queryDurationMs: integer('query-duration', values['query-duration']),
    renderDurationMs: integer('render-duration', values['render-duration']),
    statePath: values.state,
    verbose: values.verbose === true,
  };
}

async function main(): Promise<void> {
  const { verbose, ...options } = parseOptions(process.argv.slice(2));
  const emulator = await startEmulator(options).catch((error: Error) => fail(error.message));
  process.stdout.write(
    [
      `Looker emulator listening on ${emulator.baseUrl}`,
      `LOOKERSDK_BASE_URL=${emulator.baseUrl}`,
      `LOOKERSDK_CLIENT_ID=${emulator.clientId}`,
      `LOOKERSDK_CLIENT_SECRET=${emulator.clientSecret}`,
      '',
    ].join('\n'),
  );
  if (verbose) process.stdout.write(`${coverageText(coverage(loadSpec(), HANDLERS, loadEngine()))}\n`);
  const stop = () => {
    void emulator.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

void main();
