// The MCP server over Streamable HTTP: stateful sessions at /mcp, bearer tokens, a Host-header
// check against DNS rebinding and a request body limit. Without a token it only listens on
// 127.0.0.1, so nothing else on the network can reach an open server. With principals in the
// policy, each token names one; a session stays with the principal that opened it.
import { randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { JobService } from '../jobs/job-service';
import { formatSettingsIssues, SettingsError } from '../common/settings';
import { principalPolicy, tokenDigest, type AccessPolicy } from './policy';
import { createMcpServer } from './server';

export interface McpHttpServerOptions {
  port: number;
  /** Interface to listen on; forced to 127.0.0.1 when there is no token. Default 127.0.0.1. */
  host?: string;
  jobService: JobService;
  policy: AccessPolicy;
  /** Bearer token every request must carry (LOOKERFLOW_MCP_TOKEN), as principal `mcp`; the policy's principals bring theirs. */
  token?: string;
  /** Host names (without port) clients may use besides localhost and `host`. */
  allowedHosts?: string[];
  /** Larger request bodies are answered 413. Default 1 MB. */
  maxBodyBytes?: number;
  log?: (line: string) => void;
}

export interface RunningMcpHttpServer {
  url: string;
  close(): Promise<void>;
}

const LOCAL_HOSTS = ['localhost', '127.0.0.1', '[::1]'];

const PORT = z
  .string()
  .trim()
  .regex(/^\d{1,5}$/, 'must be a port number such as 8787 (0 picks a free port)')
  .transform(Number)
  .refine((port) => port <= 65535, 'must be a port number from 0 to 65535');

/** A port from `setting` (LOOKERFLOW_MCP_PORT or --port), or a SettingsError naming it. */
export function parsePort(value: string, setting: string): number {
  const parsed = z.object({ [setting]: PORT }).safeParse({ [setting]: value });
  if (!parsed.success) throw new SettingsError(formatSettingsIssues(parsed.error));
  return parsed.data[setting];
}

/** The settings `lookerflow mcp --http` and `npm run dev` read: LOOKERFLOW_MCP_PORT, _HOST, _TOKEN, _ALLOWED_HOSTS. */
export function mcpHttpSettingsFromEnv(env: NodeJS.ProcessEnv): Pick<McpHttpServerOptions, 'port' | 'host' | 'token' | 'allowedHosts'> {
  return {
    port: parsePort(env.LOOKERFLOW_MCP_PORT ?? '8787', 'LOOKERFLOW_MCP_PORT'),
    host: env.LOOKERFLOW_MCP_HOST,
    token: env.LOOKERFLOW_MCP_TOKEN,
    allowedHosts: env.LOOKERFLOW_MCP_ALLOWED_HOSTS?.split(',').map((h) => h.trim()).filter(Boolean),
  };
}

export async function startMcpHttpServer(options: McpHttpServerOptions): Promise<RunningMcpHttpServer> {
  const log = options.log ?? ((line) => console.error(line));
  const token = options.token || undefined;
  // Who each accepted token is: the policy's principals, and LOOKERFLOW_MCP_TOKEN as `mcp`.
  const callers = [
    ...(options.policy.principals ?? []),
    ...(token ? [{ tokenDigest: tokenDigest(token), policy: principalPolicy({ ...options.policy, principal: undefined }, 'mcp') }] : []),
  ];
  const open = callers.length === 0;
  const openCaller = { policy: principalPolicy(options.policy, 'mcp') };
  const host = open ? '127.0.0.1' : (options.host ?? '127.0.0.1');
  if (open) log('lookerflow MCP: no LOOKERFLOW_MCP_TOKEN set, so listening on 127.0.0.1 only (set a token to serve other hosts).');
  const allowedHosts = new Set([...LOCAL_HOSTS, ...(options.allowedHosts ?? []), ...(host === '0.0.0.0' || host === '::' ? [] : [host])]);
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  const sessions = new Map<string, { transport: StreamableHTTPServerTransport; policy: AccessPolicy }>();

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://placeholder');
    if (url.pathname !== '/mcp') return reply(res, 404, 'Not found: the MCP endpoint is /mcp');
    if (!allowedHosts.has(hostName(req.headers.host))) return reply(res, 403, 'Forbidden: Host header not allowed');
    const caller = open ? openCaller : callerOf(req.headers.authorization, callers);
    if (!caller) {
      res.setHeader('WWW-Authenticate', 'Bearer');
      return reply(res, 401, 'Unauthorized: send Authorization: Bearer <your token>');
    }
    const sessionId = req.headers['mcp-session-id'];
    const session = typeof sessionId === 'string' ? sessions.get(sessionId) : undefined;
    if (session && session.policy !== caller.policy) return reply(res, 403, 'Forbidden: this session belongs to another principal');
    const existing = session?.transport;
    if (req.method !== 'POST') {
      if (!existing) return reply(res, 404, 'Unknown or missing Mcp-Session-Id');
      return existing.handleRequest(req, res);
    }
    const body = await readJsonBody(req, maxBodyBytes);
    if (body === TOO_LARGE) return reply(res, 413, `Request body larger than ${maxBodyBytes} bytes`);
    if (body === NOT_JSON) return reply(res, 400, 'Request body is not JSON');
    if (existing) return existing.handleRequest(req, res, body);
    if (sessionId !== undefined) return reply(res, 404, 'Unknown Mcp-Session-Id; start a new session');
    if (!isInitializeRequest(body)) return reply(res, 400, 'No session: send initialize first');
    const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => void sessions.set(id, { transport, policy: caller.policy }),
      onsessionclosed: (id) => void sessions.delete(id),
    });
    transport.onclose = () => transport.sessionId && sessions.delete(transport.sessionId);
    await createMcpServer({ jobService: options.jobService, policy: caller.policy }).connect(transport);
    await transport.handleRequest(req, res, body);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      log(`lookerflow MCP: ${error instanceof Error ? error.message : String(error)}`);
      if (!res.headersSent) reply(res, 500, 'Internal error');
    });
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(options.port, host, resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host}:${port}/mcp`;
  log(`lookerflow MCP: Streamable HTTP on ${url}${open ? '' : ` (bearer token required; ${callers.length} principal(s))`}`);
  return {
    url,
    async close() {
      await Promise.all([...sessions.values()].map((s) => s.transport.close().catch(() => undefined)));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function reply(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32000, message }, id: null }));
}

/** `example.com:8080` → `example.com`; `[::1]:80` → `[::1]`. */
function hostName(header: string | undefined): string {
  if (!header) return '';
  return header.startsWith('[') ? header.slice(0, header.indexOf(']') + 1) : header.split(':')[0];
}

/**
 * The caller whose token the request carries. Compares digests with every known one, so neither
 * a token's length nor its content, nor which principal matched, leaks through timing.
 */
function callerOf<Caller extends { tokenDigest: Buffer }>(authorization: string | undefined, callers: Caller[]): Caller | undefined {
  const presented = /^Bearer (.+)$/i.exec(authorization ?? '')?.[1] ?? '';
  const digest = tokenDigest(presented);
  let found: Caller | undefined;
  for (const caller of callers) if (timingSafeEqual(digest, caller.tokenDigest) && presented.length > 0) found = caller;
  return found;
}

const TOO_LARGE = Symbol('too large');
const NOT_JSON = Symbol('not JSON');

async function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  if (Number(req.headers['content-length'] ?? 0) > maxBytes) return TOO_LARGE;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) return TOO_LARGE;
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return NOT_JSON;
  }
}
