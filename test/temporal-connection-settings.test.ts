// Temporal connection settings (TLS, mTLS, API key) → the options every lookerflow process
// connects with; bad values stop it with one line naming the setting. Certificates are made
// with openssl for the test; the dev server speaks no TLS, so the real connections below check
// an API key accepted over plaintext and TLS really attempted (and refused) against it.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { NativeConnection } from '@temporalio/worker';
import { SettingsError, temporalSetup } from '../common/settings';
import { connectJobService } from '../jobs/connect';
import { readJobClientSettings } from '../jobs/client-settings';
import { readWorkerSettings } from '../worker/settings';
import { startEmulator } from '../emulator';
import { useTemporal } from './harness';
import { runWorkerProcess } from './worker-process';

const dir = mkdtempSync(join(tmpdir(), 'lookerflow-tls-'));
const pem = (name: string) => join(dir, name);
function selfSigned(name: string) {
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', pem(`${name}.key`), '-out', pem(`${name}.pem`), '-days', '1', '-subj', `/CN=${name}`], { stdio: 'ignore' });
}
selfSigned('ca');
selfSigned('client');
selfSigned('other');
writeFileSync(pem('not-pem.txt'), 'hello');

const clientSettings = (env: Record<string, string>) => temporalSetup(readJobClientSettings(env));

/** The lines a bad environment is refused with. */
function refusal(env: Record<string, string>): string[] {
  try {
    readJobClientSettings(env);
  } catch (err) {
    assert.ok(err instanceof SettingsError, String(err));
    return err.message.split('\n');
  }
  assert.fail('the settings were accepted');
}

describe('Temporal connection settings → connection options (unit)', () => {
  it('plaintext by default, at TEMPORAL_ADDRESS in TEMPORAL_NAMESPACE', () => {
    const setup = clientSettings({ TEMPORAL_ADDRESS: 'temporal.internal:7233', TEMPORAL_NAMESPACE: 'looker' });
    assert.deepEqual(setup.connection, { address: 'temporal.internal:7233' });
    assert.equal(setup.namespace, 'looker');
  });

  it('an API key turns TLS on, as Temporal Cloud needs; TEMPORAL_TLS=false keeps it off', () => {
    const cloud = clientSettings({ TEMPORAL_ADDRESS: 'ns.acct.tmprl.cloud:7233', TEMPORAL_API_KEY: 'key-123' });
    assert.deepEqual(cloud.connection, { address: 'ns.acct.tmprl.cloud:7233', apiKey: 'key-123', tls: true });
    assert.equal(clientSettings({ TEMPORAL_API_KEY: 'key-123', TEMPORAL_TLS: 'false' }).connection.tls, false);
  });

  it('server CA, server name and client certificate pair (mTLS) from files, or inline PEM', () => {
    const setup = clientSettings({
      TEMPORAL_TLS_SERVER_CA_CERT_PATH: pem('ca.pem'),
      TEMPORAL_TLS_SERVER_NAME: 'temporal.example.com',
      TEMPORAL_TLS_CLIENT_CERT_PATH: pem('client.pem'),
      TEMPORAL_TLS_CLIENT_KEY_DATA: readFileSync(pem('client.key'), 'utf8'),
    });
    assert.deepEqual(setup.connection.tls, {
      serverNameOverride: 'temporal.example.com',
      serverRootCACertificate: readFileSync(pem('ca.pem')),
      clientCertPair: { crt: readFileSync(pem('client.pem')), key: readFileSync(pem('client.key')) },
    });
    // The worker reads the same settings.
    const worker = readWorkerSettings({ LOOKERSDK_BASE_URL: 'https://x.looker.com', LOOKERSDK_CLIENT_ID: 'a', LOOKERSDK_CLIENT_SECRET: 'b', TEMPORAL_TLS: 'true' });
    assert.deepEqual(temporalSetup(worker).connection, { address: 'localhost:7233', tls: {} });
  });

  it("reads the Temporal CLI's older names (TEMPORAL_TLS_CA, _CERT, _KEY) when the current ones are unset", () => {
    const setup = clientSettings({ TEMPORAL_TLS_CA: pem('ca.pem'), TEMPORAL_TLS_CERT: pem('client.pem'), TEMPORAL_TLS_KEY: pem('client.key') });
    assert.ok(typeof setup.connection.tls === 'object' && setup.connection.tls.clientCertPair);
  });

  it('refuses bad values with one line each, naming the setting and never a secret', () => {
    assert.deepEqual(refusal({ TEMPORAL_TLS_CLIENT_KEY_PATH: pem('client.key') }), [
      'Invalid setting TEMPORAL_TLS_CLIENT_KEY_PATH: is set without a client certificate: mTLS needs TEMPORAL_TLS_CLIENT_CERT_PATH too',
    ]);
    assert.deepEqual(refusal({ TEMPORAL_TLS_CLIENT_CERT_PATH: pem('client.pem') }), [
      'Invalid setting TEMPORAL_TLS_CLIENT_CERT_PATH: is set without a client key: mTLS needs TEMPORAL_TLS_CLIENT_KEY_PATH too',
    ]);
    assert.deepEqual(refusal({ TEMPORAL_TLS_SERVER_CA_CERT_PATH: pem('missing.pem') }), [
      `Invalid setting TEMPORAL_TLS_SERVER_CA_CERT_PATH: cannot read ${pem('missing.pem')} (ENOENT)`,
    ]);
    assert.deepEqual(refusal({ TEMPORAL_TLS_SERVER_CA_CERT_PATH: pem('not-pem.txt') }), ['Invalid setting TEMPORAL_TLS_SERVER_CA_CERT_PATH: is not a PEM certificate']);
    assert.deepEqual(refusal({ TEMPORAL_TLS_CLIENT_CERT_PATH: pem('client.pem'), TEMPORAL_TLS_CLIENT_KEY_PATH: pem('other.key') }), [
      'Invalid setting TEMPORAL_TLS_CLIENT_KEY_PATH: does not match the client certificate',
    ]);
    const inlineKey = readFileSync(pem('client.key'), 'utf8');
    const lines = refusal({ TEMPORAL_TLS_CLIENT_CERT_PATH: pem('client.pem'), TEMPORAL_TLS_CLIENT_KEY_PATH: pem('client.key'), TEMPORAL_TLS_CLIENT_KEY_DATA: inlineKey });
    assert.deepEqual(lines, ['Invalid setting TEMPORAL_TLS_CLIENT_KEY_DATA: set TEMPORAL_TLS_CLIENT_KEY_PATH or TEMPORAL_TLS_CLIENT_KEY_DATA, not both']);
    assert.deepEqual(refusal({ TEMPORAL_TLS: 'yes' }), ['Invalid setting TEMPORAL_TLS: must be true or false']);
    assert.deepEqual(refusal({ TEMPORAL_TLS: 'false', TEMPORAL_TLS_SERVER_NAME: 'x' }), [
      'Invalid setting TEMPORAL_TLS: is false but TLS certificates or a server name are set: remove one or the other',
    ]);
  });
});

describe('Temporal connection settings on a real connection (dev server, plaintext)', () => {
  it('the job service connects with an API key over plaintext (TEMPORAL_TLS=false) and lists jobs', async () => {
    const { address } = await useTemporal();
    const { jobService, close } = await connectJobService({ TEMPORAL_ADDRESS: address, TEMPORAL_API_KEY: 'dev-key', TEMPORAL_TLS: 'false' });
    try {
      assert.ok(Array.isArray((await jobService.listJobs({ pageSize: 1 })).jobs));
    } finally {
      await close();
    }
  });

  it('the worker connection carries the API key and TLS: TLS against the plaintext dev server is attempted and fails', async () => {
    const { address } = await useTemporal();
    const plain = await NativeConnection.connect(clientSettings({ TEMPORAL_ADDRESS: address, TEMPORAL_API_KEY: 'dev-key', TEMPORAL_TLS: 'false' }).connection);
    await plain.close();
    await assert.rejects(NativeConnection.connect(clientSettings({ TEMPORAL_ADDRESS: address, TEMPORAL_TLS_SERVER_CA_CERT_PATH: pem('ca.pem') }).connection));
  });

  it('a worker whose TLS cannot reach Temporal stops with one line naming TEMPORAL_ADDRESS and the TLS mode', async () => {
    const { address } = await useTemporal();
    const emulator = await startEmulator({ port: 0, seed: 'empty' });
    try {
      const worker = runWorkerProcess({
        LOOKERSDK_BASE_URL: emulator.baseUrl, LOOKERSDK_CLIENT_ID: emulator.clientId, LOOKERSDK_CLIENT_SECRET: emulator.clientSecret,
        TEMPORAL_ADDRESS: address, TEMPORAL_API_KEY: 'secret-api-key-value',
      });
      assert.equal(await worker.exited, 2, worker.err());
      assert.match(worker.err().trim(), new RegExp(`^Cannot reach Temporal at TEMPORAL_ADDRESS=${address.replace(/\./g, '\\.')} \\(TLS, API key\\)`));
      assert.doesNotMatch(worker.err() + worker.out(), /secret-api-key-value/);
    } finally {
      await emulator.close();
    }
  });
});
