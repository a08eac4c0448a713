// A tiny scriptable HTTP server standing in for Looker in unit tests of the client, the polling
// activities and the reads: it can answer what the emulator will not (a request that hangs, odd
// headers, a task id of the test's choosing). Integration tests use the emulator instead.
// Each test installs a route handler; /api/4.0/login is answered by default.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeReply {
  status?: number;
  headers?: Record<string, string>;
  /** JSON-encoded, unless a string or Buffer (sent as is). */
  body?: unknown;
  /** Never answer (for timeout tests). */
  hang?: boolean;
  /** Close the connection without answering: the work is done, the response is lost. */
  drop?: boolean;
}

export interface FakeRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: string;
  at: number;
}

export type FakeHandler = (request: FakeRequest) => FakeReply | undefined | Promise<FakeReply | undefined>;

export const FAKE_CLIENT_ID = 'fake-client-id';
export const FAKE_CLIENT_SECRET = 'fake-very-secret-value';

export async function startFakeLooker(handler: FakeHandler) {
  const requests: FakeRequest[] = [];
  let tokenCount = 0;
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', 'http://x');
    const request: FakeRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body: Buffer.concat(chunks).toString(),
      at: Date.now(),
    };
    requests.push(request);
    let reply = await handler(request);
    if (!reply && request.path === '/api/4.0/login') {
      const form = new URLSearchParams(request.body);
      reply =
        form.get('client_id') === FAKE_CLIENT_ID && form.get('client_secret') === FAKE_CLIENT_SECRET
          ? { body: { access_token: `token-${++tokenCount}`, token_type: 'Bearer', expires_in: 3600 } }
          : { status: 404, body: { message: 'Not found', documentation_url: 'https://cloud.google.com/looker/docs/r/err/4.0/404' } };
    }
    reply ??= { status: 404, body: { message: 'Not found' } };
    if (reply.hang) return; // the client's timeout has to end this
    if (reply.drop) return void req.socket.destroy();
    const raw = typeof reply.body === 'string' || Buffer.isBuffer(reply.body);
    res.writeHead(reply.status ?? 200, {
      'content-type': raw ? 'text/plain' : 'application/json',
      ...reply.headers,
    });
    res.end(raw ? reply.body : JSON.stringify(reply.body ?? {}));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    /** Requests other than logins. */
    apiRequests: () => requests.filter((r) => r.path !== '/api/4.0/login'),
    logins: () => requests.filter((r) => r.path === '/api/4.0/login'),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function fakeEnv(baseUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  return { LOOKERSDK_BASE_URL: baseUrl, LOOKERSDK_CLIENT_ID: FAKE_CLIENT_ID, LOOKERSDK_CLIENT_SECRET: FAKE_CLIENT_SECRET, ...extra };
}
