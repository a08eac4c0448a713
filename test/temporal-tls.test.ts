// TLS and mTLS to Temporal on a real connection. The dev server speaks no TLS, so it stands
// behind a TLS-terminating proxy as a cluster stands behind its frontend's TLS: the proxy shows
// a server certificate for temporal.lookerflow.test signed by a test CA, asks for a client
// certificate signed by the same CA and refuses any other, then passes the gRPC bytes to the
// dev server. A worker process and the job service connect through it with the TEMPORAL_TLS_*
// settings and run a job end to end; a client without its certificate, or expecting another
// server name, is refused.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { connect as connectTcp, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createServer, type TLSSocket } from 'node:tls';
import { connectJobService } from '../jobs/connect';
import { startEmulator, type RunningEmulator } from '../emulator';
import { useTemporal, uniqueTaskQueue } from './harness';
import { runWorkerProcess } from './worker-process';

const SERVER_NAME = 'temporal.lookerflow.test';
const dir = mkdtempSync(join(tmpdir(), 'lookerflow-mtls-'));
const pem = (name: string) => join(dir, name);
const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'ignore' });

/** A CA, and a certificate it signs for `name` (a server with that DNS name, or a client). */
function makeCertificates(): void {
  openssl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', pem('ca.key'), '-out', pem('ca.pem'), '-days', '1', '-subj', '/CN=lookerflow test CA');
  const signed = (name: string, cn: string, extensions: string) => {
    writeFileSync(pem(`${name}.ext`), extensions);
    openssl('req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', pem(`${name}.key`), '-out', pem(`${name}.csr`), '-subj', `/CN=${cn}`);
    openssl('x509', '-req', '-in', pem(`${name}.csr`), '-CA', pem('ca.pem'), '-CAkey', pem('ca.key'), '-CAcreateserial', '-out', pem(`${name}.pem`), '-days', '1', '-extfile', pem(`${name}.ext`));
  };
  signed('server', SERVER_NAME, `subjectAltName=DNS:${SERVER_NAME}\nextendedKeyUsage=serverAuth\n`);
  signed('client', 'lookerflow-worker', 'extendedKeyUsage=clientAuth\n');
}

interface TlsProxy {
  address: string;
  /** Client certificates' subjects of the connections it let through. */
  admitted: string[];
  refused: number;
  close(): Promise<void>;
}

async function startTlsProxy(target: string): Promise<TlsProxy> {
  const [host, port] = [target.slice(0, target.lastIndexOf(':')), Number(target.slice(target.lastIndexOf(':') + 1))];
  const admitted: string[] = [];
  let refused = 0;
  const sockets = new Set<TLSSocket>();
  const server = createServer(
    {
      key: readFileSync(pem('server.key')),
      cert: readFileSync(pem('server.pem')),
      ca: readFileSync(pem('ca.pem')),
      requestCert: true,
      rejectUnauthorized: true,
      ALPNProtocols: ['h2'],
    },
    (socket) => {
      sockets.add(socket);
      admitted.push(String(socket.getPeerCertificate().subject?.CN));
      const upstream = connectTcp(port, host);
      socket.pipe(upstream).pipe(socket);
      const closeBoth = () => {
        socket.destroy();
        upstream.destroy();
        sockets.delete(socket);
      };
      socket.on('error', closeBoth).on('close', closeBoth);
      upstream.on('error', closeBoth).on('close', closeBoth);
    },
  );
  server.on('tlsClientError', () => refused++);
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return {
    address: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    admitted,
    get refused() {
      return refused;
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}

describe('Temporal over TLS with client certificates (dev server behind a TLS proxy)', () => {
  let proxy: TlsProxy;
  let emulator: RunningEmulator;
  before(async () => {
    makeCertificates();
    proxy = await startTlsProxy((await useTemporal()).address);
    emulator = await startEmulator({ port: 0, seed: 'demo' });
  });
  after(async () => {
    await proxy?.close();
    await emulator?.close();
  });

  const tlsEnv = () => ({
    TEMPORAL_ADDRESS: proxy.address,
    TEMPORAL_TLS_SERVER_CA_CERT_PATH: pem('ca.pem'),
    TEMPORAL_TLS_SERVER_NAME: SERVER_NAME,
    TEMPORAL_TLS_CLIENT_CERT_PATH: pem('client.pem'),
    TEMPORAL_TLS_CLIENT_KEY_PATH: pem('client.key'),
  });

  it('a worker and the job service connect with mTLS and run a job end to end', async () => {
    const common = { ...tlsEnv(), LOOKERFLOW_TASK_QUEUE: uniqueTaskQueue() };
    const worker = runWorkerProcess({
      ...common,
      LOOKERSDK_BASE_URL: emulator.baseUrl, LOOKERSDK_CLIENT_ID: emulator.clientId, LOOKERSDK_CLIENT_SECRET: emulator.clientSecret,
      LOOKERFLOW_FILES_DIR: mkdtempSync(join(tmpdir(), 'lookerflow-files-')),
    });
    const { jobService, close } = await connectJobService(common);
    try {
      await worker.ready();
      const { jobId } = await jobService.startJob({
        type: 'setupKpiMonitoring',
        input: {
          dashboard: { title: 'Daily Active Users' },
          schedule: { cron: '0 7 * * *', timezone: 'UTC', recipients: ['tls@lookerflow.example'], format: 'pdf' },
        },
      });
      const report = await jobService.waitForJob(jobId, { timeoutMs: 120_000 });
      assert.equal(report.status, 'completed', JSON.stringify(report));
    } finally {
      await close();
      worker.child.kill('SIGTERM');
      await worker.exited;
    }
    assert.ok(proxy.admitted.length >= 2, `the worker and the job service came through TLS: ${proxy.admitted.join(', ')}`);
    assert.ok(proxy.admitted.every((subject) => subject === 'lookerflow-worker'), 'each with the client certificate');
    const plans = Object.values(emulator.admin.state().scheduled_plans).filter((p) => JSON.stringify(p).includes('tls@lookerflow.example'));
    assert.equal(plans.length, 1, 'the job did its work in Looker');
  });

  it('without the client certificate, or expecting another server name, the connection is refused', async () => {
    const { TEMPORAL_TLS_CLIENT_CERT_PATH: _cert, TEMPORAL_TLS_CLIENT_KEY_PATH: _key, ...noClientCert } = tlsEnv();
    const refusedBefore = proxy.refused;
    const anonymous = await connectJobService(noClientCert);
    try {
      await assert.rejects(anonymous.jobService.listJobs({ pageSize: 1 }));
    } finally {
      await anonymous.close();
    }
    assert.ok(proxy.refused > refusedBefore, 'the proxy refused the handshake');

    const elsewhere = await connectJobService({ ...tlsEnv(), TEMPORAL_TLS_SERVER_NAME: 'other.lookerflow.test' });
    try {
      await assert.rejects(elsewhere.jobService.listJobs({ pageSize: 1 }));
    } finally {
      await elsewhere.close();
    }
  });
});
