/**
 * Every operation of the Looker API 4.0 spec, called once through the real
 * @looker/sdk method of the same name with arguments synthesized from the
 * spec: each answers 2xx or a Looker-shaped 4xx (never 501 or 5xx), with a
 * body valid against the spec that carries every property its model declares.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadSpec, type SpecOperation } from '../emulator/core/spec';
import { loadEngine } from '../emulator/engine';
import { startTestEmulator } from './emulator-helpers';
import { Synthesizer } from './spec-synthesis';

const ORDER: Record<string, number> = { GET: 1, POST: 2, PUT: 2, PATCH: 2, DELETE: 3 };
const catalog = loadEngine().catalog;

/**
 * Creates first (parents before children), so later calls name records that
 * exist; then reads, then other writes, then deletes; logout last, since it
 * ends the session.
 */
function callOrder(ops: SpecOperation[]): SpecOperation[] {
  const depth = (op: SpecOperation) => (op.pathTemplate.match(/\{/g) ?? []).length;
  const rank = (op: SpecOperation) => {
    if (op.operationId === 'logout') return 90;
    // Children before parents, and the user the calls act on last of all.
    if (op.operationId === 'delete_user') return 80;
    if (op.method === 'DELETE') return 10 - depth(op) / 10;
    const kind = catalog.ops.get(op.operationId)?.kind;
    if (kind === 'create' || kind === 'singleton-create') return depth(op) / 10;
    return ORDER[op.method] ?? 2;
  };
  return [...ops].sort((a, b) => rank(a) - rank(b));
}

/** After a create, the new record's id names that model in later calls (`board_section_id`...). */
function rememberCreated(op: SpecOperation, value: unknown, ids: Record<string, string>): void {
  const engineOp = catalog.ops.get(op.operationId);
  if (engineOp?.kind !== 'create' || !engineOp.model || !value || typeof value !== 'object') return;
  const id = (value as Record<string, unknown>)[engineOp.idProp ?? 'id'];
  if (id === undefined || id === null) return;
  for (const [param, model] of catalog.paramModels) if (model === engineOp.model && param !== 'user_id') ids[param] = String(id);
}

/** The SDK's parameter names, in order (its methods are generated from the spec, named by operationId). */
function argNames(fn: (...args: unknown[]) => unknown): string[] {
  const match = /^[^(]*\(([^)]*)\)/.exec(fn.toString());
  return (match?.[1] ?? '').split(',').map((s) => s.trim()).filter(Boolean);
}

/** Declared properties of the 2xx JSON model a value lacks (Looker returns every one: null, false, [] or a value). */
function missingProperties(spec: ReturnType<typeof loadSpec>, op: SpecOperation, status: number, value: unknown): string[] {
  const schema = op.responses[String(status)]?.['application/json'] as { $ref?: string; items?: { $ref?: string } } | undefined;
  const ref = schema?.$ref ?? schema?.items?.$ref;
  const one = Array.isArray(value) ? value[0] : value;
  if (!ref || !one || typeof one !== 'object') return [];
  const props = Object.keys((spec.schemas[ref.split('/').pop()!].properties ?? {}) as object);
  return props.filter((p) => !(p in (one as object)));
}

function sdkArgs(fn: (...args: unknown[]) => unknown, params: Record<string, unknown>, body: unknown): unknown[] {
  return argNames(fn).map((name) => {
    if (name === 'options') return undefined;
    if (name === 'body') return body ?? {};
    if (name === 'request') return { ...params, ...(body !== undefined ? { body } : {}) };
    return params[name];
  });
}

test('all 483 operations answer 2xx or a Looker-like 4xx with spec-valid, complete bodies, through the SDK', { timeout: 240_000 }, async () => {
  const spec = loadSpec();
  assert.equal(spec.operations.length, 483);
  const t = await startTestEmulator({ seed: 'demo' });
  try {
    // A user of its own for the user-scoped operations, so the admin session survives deletes.
    const victim = await t.sdk.ok(t.sdk.create_user({ first_name: 'Enum', last_name: 'Target' }));
    const ids: Record<string, string> = { user_id: victim.id! };
    const synth = new Synthesizer(spec, ids);
    const sdk = t.sdk as unknown as Record<string, (...args: unknown[]) => Promise<{ ok: boolean; value?: unknown; error?: unknown }>>;
    const outcomes: { op: string; status: number | null; problem?: string }[] = [];
    for (const op of callOrder(spec.operations)) {
      const method = sdk[op.operationId];
      assert.equal(typeof method, 'function', `the SDK has a method ${op.operationId}`);
      const mismatchesBefore = t.emu.admin.responseMismatches().length;
      const callsBefore = t.emu.admin.counters().total;
      const params = synth.params(op);
      if (op.operationId === 'login') Object.assign(params, { client_id: t.emu.clientId, client_secret: t.emu.clientSecret });
      const result = await method.apply(t.sdk, sdkArgs(method, params, synth.body(op)));
      if (result.ok) rememberCreated(op, result.value, ids);
      const calls = t.emu.admin.calls();
      const last = t.emu.admin.counters().total > callsBefore ? calls.filter((c) => c.operationId === op.operationId).at(-1) : undefined;
      const status = last?.status ?? null;
      const mismatches = t.emu.admin.responseMismatches().slice(mismatchesBefore);
      let problem: string | undefined;
      if (status === null) problem = `no call reached the emulator (${JSON.stringify(result.error).slice(0, 200)})`;
      else if (status >= 500) problem = `answered ${status}: ${JSON.stringify(result.error).slice(0, 200)}`;
      else if (status >= 400) {
        const error = result.error as { message?: string; documentation_url?: string };
        if (!error?.message || !error.documentation_url?.includes(`/err/4.0/${status}/`)) problem = `a ${status} without Looker's error body`;
      }
      if (mismatches.length) problem = `${problem ?? ''} spec mismatch: ${mismatches.slice(0, 3).join('; ')}`;
      const missing = status !== null && status < 300 ? missingProperties(spec, op, status, result.value) : [];
      if (missing.length) problem = `${problem ?? ''} lacks declared properties: ${missing.join(', ')}`;
      outcomes.push({ op: op.operationId, status, problem });
      if (process.env.ENUM_STATUSES && status && status >= 400) process.stderr.write(`refused ${op.operationId} ${status} ${JSON.stringify(result.error).slice(0, 300)}\n`);
    }
    const problems = outcomes.filter((o) => o.problem).map((o) => `${o.op}: ${o.problem}`);
    if (process.env.ENUM_STATUSES) process.stderr.write(`statuses: ${outcomes.map((o) => `${o.op}=${o.status}`).join(" ")}\n`);
    assert.deepEqual(problems, []);
    const ok = outcomes.filter((o) => o.status !== null && o.status < 300).length;
    // Most calls should do something, not just be refused: a floor, so a regression to 4xx shows
    // (about 405 answer 2xx; a few depend on how far query and render tasks have got).
    assert.ok(ok >= 390, `only ${ok} of 483 answered 2xx: ${outcomes.filter((o) => (o.status ?? 0) >= 300).map((o) => `${o.op}=${o.status}`).join(' ')}`);
    process.stdout.write(`${ok} of ${outcomes.length} operations answered 2xx, the rest a Looker-like 4xx\n`);
  } finally {
    await t.emu.close();
  }
});
