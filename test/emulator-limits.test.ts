/** Rate limits, scripted faults, admin API, persistence. */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { startEmulator } from '../emulator';
import { api, loginToken, sdkError, useTestEmulator } from './emulator-helpers';

const t = useTestEmulator({ seed: 'empty' });

test('token bucket per user: 429 with Retry-After and ratelimit-* headers, counted', async () => {
  const { emu } = t();
  const token = await loginToken(emu);
  emu.admin.configure({ rateLimit: { rps: 0.5, burst: 2 } });
  try {
    const before429 = emu.admin.counters().throttled429;
    assert.equal((await api(emu, 'GET', '/user', token)).status, 200);
    assert.equal((await api(emu, 'GET', '/user', token)).status, 200);
    const throttled = await api(emu, 'GET', '/user', token);
    assert.equal(throttled.status, 429);
    assert.equal(throttled.headers.get('content-type'), 'application/json');
    assert.ok(Number(throttled.headers.get('retry-after')) >= 1);
    assert.equal(throttled.headers.get('ratelimit-limit'), '2');
    assert.equal(throttled.headers.get('ratelimit-remaining'), '0');
    assert.ok(Number(throttled.headers.get('ratelimit-reset')) >= 1);
    assert.match(((await throttled.json()) as { message: string }).message, /Too Many Requests/);
    assert.equal(emu.admin.counters().throttled429, before429 + 1);
    const last = emu.admin.calls().at(-1)!;
    assert.equal(last.operationId, 'me');
    assert.equal(last.status, 429);
  } finally {
    emu.admin.configure({ rateLimit: null });
  }
});

test('scheduled_plan_run_once is limited to 10/s when limits are on', async () => {
  const { emu } = t();
  const token = await loginToken(emu);
  emu.admin.configure({ rateLimit: { rps: 1000, burst: 1000 } });
  try {
    // 15 calls at once: about ten get through to validation (422), the rest are throttled.
    const statuses = await Promise.all(Array.from({ length: 15 }, async () => (await api(emu, 'POST', '/scheduled_plans/run_once', token, { name: 'x' })).status));
    const validated = statuses.filter((s) => s === 422).length;
    assert.ok(validated >= 10 && validated <= 12, `validated ${validated}`);
    assert.equal(validated + statuses.filter((s) => s === 429).length, 15);
  } finally {
    emu.admin.configure({ rateLimit: null });
  }
});

test('scripted status faults answer the next N matching calls, then stop', async () => {
  const { emu, sdk } = t();
  emu.admin.injectFault({ status: 503, count: 2, operation: 'all_groups' });
  emu.admin.injectFault({ status: 429, count: 1, operation: 'all_roles', retryAfterSeconds: 3, ratelimitResetSeconds: 7 });
  assert.match((await sdkError(sdk.all_groups({}))).documentation_url, /\/503\//);
  assert.match((await sdkError(sdk.all_groups({}))).documentation_url, /\/503\//);
  assert.ok((await sdk.all_groups({})).ok);
  const token = await loginToken(emu);
  const throttled = await api(emu, 'GET', '/roles', token);
  assert.equal(throttled.status, 429);
  assert.equal(throttled.headers.get('retry-after'), '3');
  assert.equal(throttled.headers.get('ratelimit-reset'), '7');
  assert.equal((await api(emu, 'GET', '/roles', token)).status, 200);
  assert.deepEqual(emu.admin.faults(), []);
});

test('connection resets and lost responses (applied, then dropped)', async () => {
  const { emu } = t();
  const token = await loginToken(emu);
  emu.admin.injectFault({ kind: 'reset', count: 1, operation: 'all_groups' });
  await assert.rejects(api(emu, 'GET', '/groups', token));
  assert.equal(emu.admin.calls().at(-1)!.outcome, 'reset');

  emu.admin.injectFault({ kind: 'drop-after-apply', count: 1, operation: 'create_group' });
  await assert.rejects(api(emu, 'POST', '/groups', token, { name: 'Lost Response Group' }));
  assert.ok(Object.values(emu.admin.state().groups).some((g) => g.name === 'Lost Response Group'), 'the write was applied');
  const retry = await api(emu, 'POST', '/groups', token, { name: 'Lost Response Group' });
  assert.equal(retry.status, 409);
});

test('latency and random failures are configurable at run time', async () => {
  const { emu } = t();
  const token = await loginToken(emu);
  emu.admin.configure({ latencyMs: 80 });
  const started = Date.now();
  assert.equal((await api(emu, 'GET', '/user', token)).status, 200);
  assert.ok(Date.now() - started >= 75);
  emu.admin.configure({ latencyMs: 0, randomFailureRate: 1 });
  assert.ok([500, 502, 503].includes((await api(emu, 'GET', '/user', token)).status));
  emu.admin.configure({ randomFailureRate: 0, randomRateLimitRate: 1 });
  const limited = await api(emu, 'GET', '/user', token);
  assert.equal(limited.status, 429);
  assert.equal(limited.headers.get('retry-after'), '1');
  emu.admin.configure({ randomRateLimitRate: 0, randomResetRate: 1 });
  await assert.rejects(api(emu, 'GET', '/user', token), 'the connection is reset without an answer');
  emu.admin.configure({ randomResetRate: 0 });
  assert.equal((await api(emu, 'GET', '/user', token)).status, 200);
});

test('admin HTTP API: config, faults, counters, calls, state and reset', async () => {
  const { emu } = t();
  const admin = (method: string, path: string, body?: unknown) =>
    fetch(`${emu.baseUrl}/_emulator${path}`, { method, headers: { 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  const config = (await (await admin('PATCH', '/config', { queryDurationMs: 123 })).json()) as { queryDurationMs: number };
  assert.equal(config.queryDurationMs, 123);
  await admin('POST', '/faults', { status: 500, count: 1, operation: 'me' });
  const token = await loginToken(emu);
  assert.equal((await api(emu, 'GET', '/user', token)).status, 500);
  const counters = (await (await admin('GET', '/counters')).json()) as { byOperation: Record<string, number> };
  assert.ok(counters.byOperation.me >= 1);
  const calls = (await (await admin('GET', '/calls')).json()) as { atMs: number; status: number }[];
  assert.equal(calls.at(-1)!.status, 500);
  assert.equal(typeof calls.at(-1)!.atMs, 'number');
  await api(emu, 'POST', '/groups', token, { name: 'Before Reset' });
  await admin('POST', '/reset', {});
  const state = (await (await admin('GET', '/state')).json()) as { groups: Record<string, { name: string }> };
  assert.ok(!Object.values(state.groups).some((g) => g.name === 'Before Reset'));
  assert.equal((await admin('POST', '/revoke-tokens')).status, 200);
  assert.equal((await api(emu, 'GET', '/user', token)).status, 401);
  t().sdk.authSession.reset();
});

test('state persists to a JSON file across restarts', async () => {
  const statePath = join(mkdtempSync(join(tmpdir(), 'looker-emu-')), 'state.json');
  const first = await startEmulator({ seed: 'empty', statePath });
  const token = await loginToken(first);
  assert.equal((await api(first, 'POST', '/groups', token, { name: 'Persisted' })).status, 200);
  await first.close();
  const second = await startEmulator({ seed: 'empty', statePath });
  try {
    assert.ok(Object.values(second.admin.state().groups).some((g) => g.name === 'Persisted'));
  } finally {
    await second.close();
  }
});

test('the scale seed builds thousands of dashboards quickly', async () => {
  const started = Date.now();
  const big = await startEmulator({ seed: { name: 'scale', dashboards: 3000, looks: 1000, users: 200 } });
  try {
    const state = big.admin.state();
    assert.equal(Object.keys(state.dashboards).length, 3000);
    assert.equal(Object.keys(state.looks).length, 1000);
    const token = await loginToken(big);
    const res = await api(big, 'GET', '/dashboards/search?limit=10&fields=id', token);
    assert.equal(res.headers.get('x-total-count'), String(Object.values(state.dashboards).filter((d) => !d.deleted).length));
    assert.ok(Date.now() - started < 15_000);
  } finally {
    await big.close();
  }
});
