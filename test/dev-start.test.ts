// `npm run dev` as a developer starts it: the dev server, the emulator, a worker and the MCP
// server, each announced once, without the SDK's bundle report or its expected warnings.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, it } from 'node:test';
import { freePort } from '../scripts/free-port';
import { waitFor } from '../scripts/wait-for';

it('npm run dev starts quietly: one line per component, the SDK details only at LOOKERFLOW_LOG_LEVEL=debug', { timeout: 180_000 }, async () => {
  const [port, uiPort, mcpPort] = [await freePort(), await freePort(), await freePort()];
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/dev.ts'], {
    cwd: resolve(__dirname, '..'),
    env: {
      ...process.env,
      TEMPORAL_PORT: String(port),
      TEMPORAL_UI_PORT: String(uiPort),
      LOOKERFLOW_MCP_PORT: String(mcpPort),
      LOOKERFLOW_DEV_DEMO: '0',
      LOOKERFLOW_DEV_DB: join(mkdtempSync(join(tmpdir(), 'lookerflow-dev-')), 'dev.sqlite'),
      LOOKERSDK_BASE_URL: '',
      LOOKERSDK_INI: '',
      LOOKERFLOW_LOG_LEVEL: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so the dev server and emulator it started stop with it whatever happens.
    detached: true,
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise<void>((done) => child.on('exit', () => done()));
  const running = () => child.exitCode === null && child.signalCode === null;
  after(async () => {
    if (running()) process.kill(-child.pid!, 'SIGINT');
    await Promise.race([exited, waitFor('the dev stack to stop', () => !running(), { timeoutMs: 20_000 }).catch(() => undefined)]);
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // The whole group has already gone.
    }
    await exited;
  });

  await waitFor('the dev stack to be up', () => output.includes('Press Ctrl-C to stop.'), { timeoutMs: 150_000 });
  const lines = output.split('\n').filter((line) => line.trim());
  assert.doesNotMatch(output, /webpack|workflow-bundle|modules by path|No activities registered|No workflows registered/, output);
  for (const component of ['Temporal:', 'Temporal UI:', 'Looker emulator', 'Worker:', 'MCP (HTTP):']) {
    assert.equal(lines.filter((line) => line.includes(component)).length, 1, `${component} once in:\n${output}`);
  }
  assert.ok(lines.length <= 12, `${lines.length} lines:\n${output}`);
  process.kill(-child.pid!, 'SIGINT');
  await exited;
});
