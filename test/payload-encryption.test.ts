// Encrypted payloads on the real stack: a worker process and the job service with
// LOOKERFLOW_CODEC_KEYS run a job end to end while the history the server keeps (read raw,
// without the codec) holds no email or user-attribute value; keys rotate (each side encrypts
// with its own current key and reads the other's); the codec server decodes for the bearer of its
// token and refuses others.
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Payload } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { readJobClientSettings } from '../jobs/client-settings';
import { connectJobService } from '../jobs/connect';
import { SettingsError, temporalSetup } from '../common/settings';
import { AesGcmPayloadCodec, ENCRYPTED_ENCODING } from '../common/payload-codec';
import { runCodecServer, startCodecServer } from '../cli/codec-server';
import { startEmulator, type RunningEmulator } from '../emulator';
import { waitFor } from '../scripts/wait-for';
import { makeSdk } from './emulator-helpers';
import { uniqueTaskQueue, useTemporal } from './harness';
import { runWorkerProcess } from './worker-process';

const oldKey = randomBytes(32).toString('base64');
const newKey = randomBytes(32).toString('base64');
const text = (bytes: Uint8Array | null | undefined) => Buffer.from(bytes ?? new Uint8Array()).toString('utf8');

describe('payload codec (unit)', () => {
  const codecWith = (keys: Record<string, string>, currentKeyId?: string) =>
    new AesGcmPayloadCodec({ keys: new Map(Object.entries(keys).map(([id, k]) => [id, Buffer.from(k, 'base64')])), currentKeyId });
  const plain: Payload = { metadata: { encoding: Buffer.from('json/plain') }, data: Buffer.from('{"email":"ada@example.com"}') };

  it('round-trips, names its key, and a process holding the old key too reads what the old key encrypted', async () => {
    const [encrypted] = await codecWith({ k1: oldKey }, 'k1').encode([plain]);
    assert.equal(text(encrypted!.metadata!.encoding), ENCRYPTED_ENCODING);
    assert.equal(text(encrypted!.metadata!['encryption-key-id']), 'k1');
    assert.ok(!Buffer.from(encrypted!.data!).includes('ada@example.com'));
    const [decoded] = await codecWith({ k2: newKey, k1: oldKey }, 'k2').decode([encrypted!]);
    assert.deepEqual({ encoding: text(decoded!.metadata!.encoding), data: text(decoded!.data) }, { encoding: 'json/plain', data: '{"email":"ada@example.com"}' });
  });

  it('an unknown key id, a relabelled or altered payload fail with a message naming the key, never the plaintext', async () => {
    const [encrypted] = await codecWith({ k1: oldKey }, 'k1').encode([plain]);
    await assert.rejects(codecWith({ k2: newKey }, 'k2').decode([encrypted!]), /key "k1", which this process does not know: add it to LOOKERFLOW_CODEC_KEYS/);
    const relabelled = { ...encrypted!, metadata: { ...encrypted!.metadata, 'encryption-key-id': Buffer.from('k2') } };
    await assert.rejects(codecWith({ k1: oldKey, k2: oldKey }).decode([relabelled]), /key "k2" does not decrypt/);
    const altered = { ...encrypted!, data: Buffer.from(encrypted!.data!).map((b, i) => (i === 20 ? b ^ 1 : b)) };
    await assert.rejects(codecWith({ k1: oldKey }).decode([altered]), /key "k1" does not decrypt/);
  });

  it('bad key settings are refused with one line each, never echoing a key', () => {
    const refuse = (env: Record<string, string>) => assert.throws(() => temporalSetup(readJobClientSettings(env)), (err: Error) => err instanceof SettingsError && !err.message.includes(oldKey));
    refuse({ LOOKERFLOW_CODEC_KEYS: `k1:${oldKey.slice(4)}` });
    refuse({ LOOKERFLOW_CODEC_KEYS: `k1:${oldKey},k1:${oldKey}` });
    refuse({ LOOKERFLOW_CODEC_KEYS: `k1:${oldKey}`, LOOKERFLOW_CODEC_KEY_ID: 'k9' });
    refuse({ LOOKERFLOW_CODEC_KEYS_FILE: '/nonexistent/keys' });
    assert.throws(() => readJobClientSettings({ LOOKERFLOW_CODEC_KEYS: `k1:${oldKey.slice(4)}` }), {
      message: 'Invalid setting LOOKERFLOW_CODEC_KEYS: key "k1" must be 32 bytes in base64 (generate one with: openssl rand -base64 32)',
    });
  });
});

describe('lookerflow codec-server settings', () => {
  it('refuses to start without a bearer token or without keys, in one line', async () => {
    const log = () => undefined;
    await assert.rejects(runCodecServer([], { LOOKERFLOW_CODEC_KEYS: `k1:${oldKey}` }, log), {
      message: 'Invalid setting LOOKERFLOW_CODEC_SERVER_TOKEN: is required: the bearer token callers send (for example: openssl rand -hex 32)',
    });
    await assert.rejects(runCodecServer([], { LOOKERFLOW_CODEC_SERVER_TOKEN: 'x'.repeat(32) }, log), {
      message: 'Invalid setting LOOKERFLOW_CODEC_KEYS: the codec server needs the payload keys (LOOKERFLOW_CODEC_KEYS or LOOKERFLOW_CODEC_KEYS_FILE)',
    });
  });
});

/**
 * An emulator for the suite, closed when the suite ends: an `after` registered inside a test
 * that has awaited useTemporal() may never run (see test/worker-process.ts); suite hooks do.
 * The workers the tests start are stopped by worker-process.ts at the end of the file.
 */
function useSuiteEmulator(): () => RunningEmulator {
  let emulator: RunningEmulator | undefined;
  before(async () => {
    emulator = await startEmulator({ port: 0, seed: 'demo' });
  });
  after(() => emulator?.close());
  return () => emulator!;
}

describe('encrypted payloads on the real stack', () => {
  const suiteEmulator = useSuiteEmulator();
  it('a job runs end to end, mid key rotation, while the raw history holds no email or user-attribute value; the codec server decodes it for its token only', async () => {
    const email = `enc-${randomUUID().slice(0, 8)}@example.com`;
    const region = `region-${randomUUID()}`;
    const token = randomBytes(24).toString('hex');
    const uiOrigin = 'http://ui.example.com:8080';
    const { address, client } = await useTemporal();
    const emulator = suiteEmulator();
    const sdk = makeSdk(emulator.baseUrl, emulator.clientId, emulator.clientSecret);
    await sdk.ok(sdk.create_user_attribute({ name: 'region', label: 'Region', type: 'string' }));
    const common = { TEMPORAL_ADDRESS: address, LOOKERFLOW_TASK_QUEUE: uniqueTaskQueue() };
    // Mid-rotation: the worker already encrypts with the new key, the job client still with the old one.
    const worker = runWorkerProcess({
      ...common,
      LOOKERSDK_BASE_URL: emulator.baseUrl, LOOKERSDK_CLIENT_ID: emulator.clientId, LOOKERSDK_CLIENT_SECRET: emulator.clientSecret,
      LOOKERFLOW_FILES_DIR: mkdtempSync(join(tmpdir(), 'lookerflow-files-')),
      LOOKERFLOW_CODEC_KEYS: `new:${newKey}, old:${oldKey}`,
    });
    await worker.ready();
    const clientEnv = { ...common, LOOKERFLOW_CODEC_KEYS: `old:${oldKey}\nnew:${newKey}` };

    const { jobService, close } = await connectJobService(clientEnv);
    let jobId: string;
    try {
      const started = await jobService.startJob({
        type: 'onboardUser',
        input: { email, firstName: 'Ada', lastName: 'Lovelace', roles: ['Viewer'], groups: ['Finance'], userAttributes: { region } },
      });
      jobId = started.jobId;
      const report = await jobService.waitForJob(jobId, { timeoutMs: 120_000 });
      assert.equal(report.status, 'completed', JSON.stringify(report));
      assert.ok(JSON.stringify(report.result).includes(email), 'the job service reads the decrypted result');
      assert.equal(report.target, undefined, 'the target stays out of the plaintext search attribute');
    } finally {
      await close();
    }
    const [user] = await sdk.ok(sdk.search_users({ email }));
    assert.ok(user, 'the user is in Looker');

    // A client without the codec: what the server and its database keep.
    const history = await client.workflow.getHandle(jobId).fetchHistory();
    const raw = Buffer.from(temporal.api.history.v1.History.encode(history).finish());
    assert.ok(!raw.includes(email), 'no plaintext email in the history');
    assert.ok(!raw.includes(region), 'no plaintext user-attribute value in the history');
    const keyIds = new Set([...raw.toString('latin1').matchAll(/encryption-key-id\x12\x03(old|new)/g)].map((m) => m[1]));
    assert.deepEqual([...keyIds].sort(), ['new', 'old'], 'the client encrypted with its key, the worker with its own');

    // The codec server, with the client's keys.
    const codec = temporalSetup(readJobClientSettings(clientEnv)).dataConverter.payloadCodecs![0]!;
    const codecServer = await startCodecServer({ codec, token, origins: [uiOrigin], port: 0, host: '127.0.0.1' });
    try {
      const input = history.events![0]!.workflowExecutionStartedEventAttributes!.input!.payloads![0]!;
      const body = JSON.stringify({
        payloads: [{ metadata: Object.fromEntries(Object.entries(input.metadata!).map(([k, v]) => [k, Buffer.from(v).toString('base64')])), data: Buffer.from(input.data!).toString('base64') }],
      });
      const post = (headers: Record<string, string>) =>
        fetch(`${codecServer.url}/decode`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-namespace': 'default', ...headers }, body });

      const ok = await post({ authorization: `Bearer ${token}`, origin: uiOrigin });
      assert.equal(ok.status, 200);
      assert.equal(ok.headers.get('access-control-allow-origin'), uiOrigin);
      const decoded = (await ok.json()) as { payloads: { data: string }[] };
      assert.equal(JSON.parse(Buffer.from(decoded.payloads[0]!.data, 'base64').toString('utf8')).email, email);

      assert.equal((await post({})).status, 401);
      assert.equal((await post({ authorization: 'Bearer wrong-token' })).status, 401);
      assert.equal((await post({ authorization: `Bearer ${token}`, origin: 'http://evil.example.com' })).status, 403);
      const preflight = await fetch(`${codecServer.url}/decode`, { method: 'OPTIONS', headers: { origin: uiOrigin, 'access-control-request-method': 'POST' } });
      assert.equal(preflight.status, 204);
      assert.match(preflight.headers.get('access-control-allow-headers') ?? '', /authorization/);
    } finally {
      await codecServer.close();
    }
  });
});

describe('encrypted bulk onboarding on the real stack', () => {
  const suiteEmulator = useSuiteEmulator();
  it('bulkOnboard: the children name no user in their ids or search attributes, and no history holds an email', async () => {
    const emails = [`bulk-enc-${randomUUID().slice(0, 8)}@example.com`, `bulk-enc-${randomUUID().slice(0, 8)}@example.com`];
    const { address, client } = await useTemporal();
    const emulator = suiteEmulator();
    const keys = { LOOKERFLOW_CODEC_KEYS: `k1:${newKey}` };
    const common = { TEMPORAL_ADDRESS: address, LOOKERFLOW_TASK_QUEUE: uniqueTaskQueue(), ...keys };
    const worker = runWorkerProcess({
      ...common,
      LOOKERSDK_BASE_URL: emulator.baseUrl, LOOKERSDK_CLIENT_ID: emulator.clientId, LOOKERSDK_CLIENT_SECRET: emulator.clientSecret,
      LOOKERFLOW_FILES_DIR: mkdtempSync(join(tmpdir(), 'lookerflow-files-')),
    });
    await worker.ready();
    const { jobService, close } = await connectJobService(common);
    try {
      const csv = ['email,firstName,lastName,roles,groups', ...emails.map((email) => `${email},Bulk,Encrypted,Viewer,Finance`)].join('\n');
      const { jobId } = await jobService.startJob({ type: 'bulkOnboard', input: { csv } });
      const report = await jobService.waitForJob(jobId, { timeoutMs: 120_000 });
      assert.equal(report.status, 'completed', JSON.stringify(report));
      assert.deepEqual((report.result as { created: string[] }).created, emails);
      // The children as the parent started them (search attributes and ids are never encrypted).
      const started = (await client.workflow.getHandle(jobId).fetchHistory()).events!.flatMap((e) => e.startChildWorkflowExecutionInitiatedEventAttributes ?? []);
      assert.deepEqual(started.map((c) => c.workflowId).sort(), [`${jobId}/row-1`, `${jobId}/row-2`]);
      for (const child of started) assert.deepEqual(Object.keys(child.searchAttributes?.indexedFields ?? {}), ['LookerJobType']);
      for (const workflowId of [jobId, ...started.map((c) => c.workflowId!)]) {
        const raw = Buffer.from(temporal.api.history.v1.History.encode(await client.workflow.getHandle(workflowId).fetchHistory()).finish());
        for (const email of emails) assert.ok(!raw.includes(email), `no plaintext email in the history of ${workflowId}`);
      }

      // A saved script's run keeps its name as target (a script's name is no one's data), so list_jobs finds it by type.
      const save = await jobService.startJob({
        type: 'saveScript',
        input: { name: 'encrypted-title', script: `return (await looker.dashboard({ dashboard_id: '1', fields: 'title' })).title;`, inputSchema: { type: 'object' }, exampleInput: {} },
      });
      assert.equal((await jobService.waitForJob(save.jobId, { timeoutMs: 60_000 })).status, 'completed');
      const run = await jobService.startJob({ type: 'script:encrypted-title', input: {} });
      assert.equal((await jobService.waitForJob(run.jobId, { timeoutMs: 60_000 })).status, 'completed');
      const listed = await waitFor('the saved script run in visibility', async () => {
        const { jobs } = await jobService.listJobs({ type: 'script:encrypted-title' });
        return jobs.length ? jobs : undefined;
      }, { timeoutMs: 20_000 });
      assert.deepEqual(listed.map((j) => [j.jobId, j.type, j.target]), [[run.jobId, 'script:encrypted-title', 'script:encrypted-title']]);
    } finally {
      await close();
    }
  });
});
