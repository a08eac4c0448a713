// `npm test`: starts the real Temporal dev server once, bundles the workflows once, then runs
// every test/*.test.ts file with node's test runner against them; stops the server at the end.
// Exits non-zero when any test fails.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startDevServer } from './temporal-dev-server';
import { bundleTestWorkflows } from './test-workflow-bundle';

const root = resolve(__dirname, '..');

async function main(): Promise<number> {
  const only = process.argv.slice(2);
  const files = only.length
    ? only
    : readdirSync(join(root, 'test'))
        .filter((name) => name.endsWith('.test.ts'))
        .sort()
        .map((name) => join('test', name));

  const scratch = mkdtempSync(join(tmpdir(), 'lookerflow-test-'));
  console.log('Starting the Temporal dev server (obtaining the CLI first; a first build from source takes minutes) ...');
  const server = await startDevServer({ ui: false, dbFilename: join(scratch, 'temporal.sqlite'), logFile: join(scratch, 'temporal.log') });
  try {
    console.log(`Temporal dev server on ${server.address}; bundling workflows ...`);
    const bundlePath = join(scratch, 'workflow-bundle.js');
    writeFileSync(bundlePath, (await bundleTestWorkflows()).code);
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-reporter=spec', ...files],
      {
        cwd: root,
        stdio: 'inherit',
        env: {
          ...process.env,
          LOOKERFLOW_TEST_TEMPORAL_ADDRESS: server.address,
          LOOKERFLOW_TEST_WORKFLOW_BUNDLE: bundlePath,
        },
      },
    );
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    process.on('SIGINT', forward).on('SIGTERM', forward);
    return await new Promise<number>((r) => child.on('exit', (code, signal) => r(code ?? (signal ? 1 : 0))));
  } finally {
    await server.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
