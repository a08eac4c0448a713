/** Wires the pieces together and runs the node:http server. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ADMIN_PREFIX, handleAdminRequest, type EmulatorAdmin } from './admin';
import { TokenStore } from './core/auth';
import { CallLog } from './core/call-log';
import { makeClock } from './core/clock';
import { defaultConfig, type EmulatorConfig, type RateLimitConfig } from './core/config';
import type { EmulatorCore } from './core/context';
import { FaultQueue } from './core/faults';
import { sendJson } from './core/http-io';
import { API_PREFIX, handleApiRequest, type PipelineDeps } from './core/pipeline';
import { Prng } from './core/prng';
import { RateLimiter } from './core/rate-limit';
import { SpecRouter } from './core/router';
import { SchemaValidator } from './core/schema-validation';
import { loadSpec } from './core/spec';
import type { EmulatorState } from './core/state';
import { startDeliveryScheduler } from './deliveries/scheduler';
import { loadEngine } from './engine';
import { HANDLERS } from './handlers';
import { buildSeed, type SeedSpec } from './seeds';
import { ADMIN_CLIENT_ID, ADMIN_CLIENT_SECRET, USER_CLIENT_ID, USER_CLIENT_SECRET } from './seeds/base';

export interface EmulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  seed?: SeedSpec;
  seedNumber?: number;
  tokenTtlSeconds?: number;
  queryDurationMs?: number;
  renderDurationMs?: number;
  queryResultTtlMs?: number;
  maxConcurrentQueriesPerUser?: number;
  rateLimit?: RateLimitConfig | null;
  /** Load state from this JSON file if it exists, and save it after every write. */
  statePath?: string;
  /** Business clock for seeds and timestamps (default: real time). */
  now?: () => Date;
  /** Check every JSON response against the spec; see admin.responseMismatches(). */
  validateResponses?: boolean;
  /** What /versions reports as the instance's web address (default: the emulator's own origin). */
  webServerUrl?: string;
}

export interface RunningEmulator {
  /** `http://127.0.0.1:PORT`, without /api/4.0. */
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  /** A non-admin API user, e.g. to see 403 on sudo. */
  userClientId: string;
  userClientSecret: string;
  admin: EmulatorAdmin;
  close(): Promise<void>;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const clock = makeClock(options.now);
  const initialSeed: SeedSpec = options.seed ?? 'demo';
  const initialSeedNumber = options.seedNumber ?? 42;
  const config: EmulatorConfig = {
    ...defaultConfig(),
    ...definedOnly({
      tokenTtlSeconds: options.tokenTtlSeconds,
      queryDurationMs: options.queryDurationMs,
      renderDurationMs: options.renderDurationMs,
      queryResultTtlMs: options.queryResultTtlMs,
      maxConcurrentQueriesPerUser: options.maxConcurrentQueriesPerUser,
      rateLimit: options.rateLimit,
      webServerUrl: options.webServerUrl,
    }),
  };
  const loadState = (): EmulatorState =>
    options.statePath && existsSync(options.statePath)
      ? (JSON.parse(readFileSync(options.statePath, 'utf8')) as EmulatorState)
      : buildSeed(initialSeed, initialSeedNumber, clock);

  const core: EmulatorCore = { state: loadState(), config, clock, faults: new FaultQueue(), tokens: new TokenStore(), seedNumber: initialSeedNumber };
  const spec = loadSpec();
  const callLog = new CallLog();
  const rateLimiter = new RateLimiter();
  const mismatches: string[] | null = options.validateResponses ? [] : null;
  const persist = () => {
    if (options.statePath) writeFileSync(options.statePath, JSON.stringify(core.state));
  };
  const deps: PipelineDeps = {
    core,
    router: new SpecRouter(spec.operations),
    validator: new SchemaValidator(spec),
    handlers: HANDLERS,
    engine: loadEngine(),
    callLog,
    rateLimiter,
    responseMismatches: mismatches,
    onWrite: persist,
    randomFailures: new Prng(initialSeedNumber),
  };

  const loadSeed = (seed: SeedSpec, seedNumber = initialSeedNumber) => {
    core.state = buildSeed(seed, seedNumber, clock);
    core.seedNumber = seedNumber;
    rateLimiter.reset();
    persist();
  };
  const admin: EmulatorAdmin = {
    reset: (opts = {}) => loadSeed(opts.seed ?? initialSeed, opts.seedNumber ?? initialSeedNumber),
    loadSeed,
    state: () => structuredClone(core.state),
    counters: () => callLog.snapshotCounters(),
    calls: () => callLog.list(),
    clearCalls: () => callLog.clear(),
    config: () => structuredClone(core.config),
    configure: (patch) => {
      Object.assign(core.config, definedOnly(patch));
      if ('rateLimit' in patch) rateLimiter.reset();
      return structuredClone(core.config);
    },
    injectFault: (fault) => core.faults.add(fault),
    faults: () => core.faults.list(),
    clearFaults: () => core.faults.clear(),
    revokeTokens: () => core.tokens.revokeAll(),
    responseMismatches: () => [...(mismatches ?? [])],
    outbox: () => structuredClone(Object.values(core.state.deliveries ?? {})).sort((a, b) => Number(a.id) - Number(b.id)),
    clearOutbox: () => {
      core.state.deliveries = {};
    },
  };
  const deliveries = startDeliveryScheduler(core);

  const server = createServer((req, res) => {
    void route(deps, admin, req, res);
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  return {
    baseUrl: `http://${host}:${address.port}`,
    clientId: ADMIN_CLIENT_ID,
    clientSecret: ADMIN_CLIENT_SECRET,
    userClientId: USER_CLIENT_ID,
    userClientSecret: USER_CLIENT_SECRET,
    admin,
    close: () => {
      deliveries.stop();
      return closeServer(server, persist);
    },
  };
}

async function route(deps: PipelineDeps, admin: EmulatorAdmin, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', `http://${req.headers.host ?? 'localhost'}`);
  try {
    if (url.pathname === ADMIN_PREFIX || url.pathname.startsWith(`${ADMIN_PREFIX}/`)) return await handleAdminRequest(admin, req, res, url.pathname);
    // Looker serves /versions at the root too, and the swagger_url it advertises.
    if (url.pathname === '/versions') url.pathname = `${API_PREFIX}/versions`;
    if (url.pathname === `${API_PREFIX}/swagger.json`) url.pathname = `${API_PREFIX}/api_spec/4.0/swagger`;
    if (url.pathname === API_PREFIX || url.pathname.startsWith(`${API_PREFIX}/`)) return await handleApiRequest(deps, req, res, url);
    sendJson(res, 404, { message: 'Not found', documentation_url: 'https://cloud.google.com/looker/docs/r/api/4.0' });
  } catch (error) {
    if (!res.headersSent) sendJson(res, 500, { message: `Internal emulator error: ${(error as Error).message}`, documentation_url: null });
    else res.destroy();
  }
}

function closeServer(server: Server, persist: () => void): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => {
      persist();
      if (error) reject(error);
      else resolve();
    });
    // Keep-alive sockets would otherwise hold the process open.
    server.closeAllConnections();
  });
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
