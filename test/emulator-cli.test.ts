/** The `npm run emulator` entry point. */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { waitFor } from '../scripts/wait-for';

const MAIN = join(__dirname, '..', 'emulator', 'main.ts');

test('a bad flag prints one line on stderr and exits 2', () => {
  const result = spawnSync(process.execPath, ['--import', 'tsx', MAIN, '--bogus'], { encoding: 'utf8' });
  assert.equal(result.status, 2);
  assert.equal(result.stderr.trim().split('\n').length, 1);
  assert.match(result.stderr, /bogus/);
  const badSeed = spawnSync(process.execPath, ['--import', 'tsx', MAIN, '--seed', 'nope'], { encoding: 'utf8' });
  assert.equal(badSeed.status, 2);
  assert.equal(badSeed.stderr.trim().split('\n').length, 1);
});

test('--help prints the usage on stdout and exits 0', () => {
  const result = spawnSync(process.execPath, ['--import', 'tsx', MAIN, '--help'], { encoding: 'utf8' });
  assert.equal(result.status, 0);
  assert.match(result.stdout, /^usage: emulator .*--seed empty\|demo\|scale/);
  assert.equal(result.stderr, '');
});

test('it prints the listening line and LOOKERSDK_* settings, and stops on SIGTERM', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, '--port', '0', '--seed', 'empty'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (chunk) => (out += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  try {
    await waitFor('the CLI to start', () => out.includes('LOOKERSDK_CLIENT_SECRET=') || undefined, { timeoutMs: 15_000 });
    const lines = out.trim().split('\n');
    assert.match(lines[0], /^Looker emulator listening on http:\/\/127\.0\.0\.1:\d+$/);
    const baseUrl = lines[0].split(' on ')[1];
    assert.ok(lines.includes(`LOOKERSDK_BASE_URL=${baseUrl}`));
    assert.ok(lines.includes('LOOKERSDK_CLIENT_ID=lookerflow-emulator-id'));
    const versions = await fetch(`${baseUrl}/api/4.0/versions`);
    assert.equal(versions.status, 200);
  } finally {
    child.kill('SIGTERM');
  }
  assert.equal(await exited, 0);
});

test('--verbose prints how the operations are served after the settings, with none left unserved', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, '--port', '0', '--seed', 'empty', '--verbose'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (chunk) => (out += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  try {
    await waitFor('the coverage lines', () => /no behaviour \(would answer 501\): +\d+/.test(out) || undefined, { timeoutMs: 15_000 });
    const lines = out.trim().split('\n');
    assert.match(lines[0], /^Looker emulator listening on /);
    assert.ok(lines.includes('Looker API 4.0 operations: 483'));
    assert.match(out, /hand-written handlers: +\d+/);
    assert.match(out, /no behaviour \(would answer 501\): +0$/m);
  } finally {
    child.kill('SIGTERM');
  }
  assert.equal(await exited, 0);
});
