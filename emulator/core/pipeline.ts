/**
 * Handles one `/api/4.0/...` request, in this order:
 * route by the spec -> call log -> latency & scripted faults -> auth ->
 * rate limit -> params & body validation -> hand-written handler (or the
 * spec-driven engine) -> completion to the response model -> lost-response
 * fault -> `fields=` trimming -> send (and, in test mode,
 * check the body against the spec's response schema).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { tokenFromHeader, type TokenRecord } from './auth';
import type { CallLog, CallRecord } from './call-log';
import type { EmulatorCore, HandlerTable, RequestContext } from './context';
import { ApiError, errorBody } from './errors';
import { parseFields, trimFields } from './fields';
import { parseBody, readBody, send } from './http-io';
import { parseParams } from './params';
import { Prng } from './prng';
import type { RateLimiter } from './rate-limit';
import { Reply } from './reply';
import type { SpecRouter } from './router';
import type { SchemaValidator } from './schema-validation';
import type { SpecOperation } from './spec';
import type { UserRecord } from './state';
import type { ResourceEngine } from '../engine/engine';
import { completeResponse, rememberExtras } from '../engine/completion';

export const API_PREFIX = '/api/4.0';

/** Operations Looker answers without a token. */
const PUBLIC_OPERATIONS = new Set(['login', 'versions', 'api_spec']);

export interface PipelineDeps {
  core: EmulatorCore;
  router: SpecRouter;
  validator: SchemaValidator;
  handlers: HandlerTable;
  /** Default behaviour for every operation without a hand-written handler. */
  engine: ResourceEngine;
  callLog: CallLog;
  rateLimiter: RateLimiter;
  /** When set, response bodies are checked against the spec and mismatches pushed here. */
  responseMismatches: string[] | null;
  /** Called after a successful write, e.g. to persist state. */
  onWrite: () => void;
  randomFailures: Prng;
}

export async function handleApiRequest(deps: PipelineDeps, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const { core, callLog } = deps;
  const method = (req.method ?? 'GET').toUpperCase();
  const apiPath = url.pathname.slice(API_PREFIX.length) || '/';
  const route = deps.router.resolve(method, apiPath);
  const operation = route.kind === 'found' ? route.match.operation : undefined;
  const call = callLog.start(method, url.pathname, operation?.operationId ?? null, core.clock.wallMs(), url.search);
  const pathTemplate = operation?.pathTemplate ?? apiPath;

  const answer = (status: number, reply: Reply, trimmed = false) => {
    writeReply(deps, res, operation, status, reply, trimmed);
    callLog.finish(call, status);
  };
  const fail = (error: ApiError) => answer(error.status, Reply.json(errorBody(error, method, pathTemplate), error.status, error.headers));

  try {
    // Looker answers 404 for any route it does not serve, whatever the method.
    if (route.kind !== 'found') throw new ApiError(404, 'Not found');
    const { operation: op, pathParams } = route.match;

    if (core.config.latencyMs > 0) await sleep(core.config.latencyMs);
    if (applyConnectionFaults(deps, req, op, call)) return;
    const statusFault = core.faults.take('status', op.operationId);
    if (statusFault) throw faultError(statusFault);
    const chance = (rate: number) => rate > 0 && deps.randomFailures.next() < rate;
    if (chance(core.config.randomFailureRate)) throw new ApiError(deps.randomFailures.pick([500, 502, 503]), 'Injected random failure');
    if (chance(core.config.randomRateLimitRate)) throw faultError({ status: 429, retryAfterSeconds: 1 });

    const raw = await readBody(req);
    const { user, token } = authenticate(core, op, req.headers.authorization);
    call.userId = user?.id ?? null;
    const throttle = deps.rateLimiter.take(core.config.rateLimit, user?.id ?? 'anonymous', op.operationId, core.clock.wallMs());
    if (throttle) {
      throw new ApiError(429, 'Too Many Requests', undefined, {
        'Retry-After': String(throttle.retryAfterSeconds),
        'ratelimit-limit': String(throttle.limit),
        'ratelimit-remaining': '0',
        'ratelimit-reset': String(throttle.resetSeconds),
      });
    }

    const params = parseParams(op, pathParams, url.searchParams);
    const body = deps.engine.normalizeBody(op, parseBody(raw, req.headers['content-type'], op.requestBody?.schema.type === 'string'));
    if (op.requestBody?.required && body === undefined && op.requestBody.contentType !== 'application/x-www-form-urlencoded') {
      throw new ApiError(400, 'Request body is required');
    }
    if (body !== undefined) {
      const details = deps.validator.validateRequestBody(op, body);
      if (details.length) throw new ApiError(422, 'Validation Failed', details);
    }

    const handler = deps.handlers[op.operationId] ?? deps.engine.handler(op.operationId);
    const ctx: RequestContext = { core, op, params, body, user: user as UserRecord, token, origin: `http://${req.headers.host}`, url };
    const result = await handler(ctx);
    let reply = result instanceof Reply ? result : Reply.json(result);
    if (reply.contentType === 'application/json' && reply.status < 300) {
      rememberExtras(deps.engine.models, ctx, reply.status, reply.body);
      reply = new Reply(reply.status, completeResponse(deps.engine.models, ctx, reply.status, reply.body), reply.contentType, reply.headers);
    }
    if (method === 'DELETE' && reply.status < 300) deps.engine.afterDelete(ctx);

    if (method !== 'GET' && reply.status < 400) deps.onWrite();
    if (method !== 'GET' && core.faults.take('drop-after-apply', op.operationId)) {
      req.socket.destroy();
      callLog.finish(call, null, 'dropped');
      return;
    }
    const fields = params.optString('fields');
    if (fields && reply.contentType === 'application/json' && reply.status < 300) {
      answer(reply.status, new Reply(reply.status, trimFields(reply.body, parseFields(fields)), reply.contentType, reply.headers), true);
    } else answer(reply.status, reply);
  } catch (error) {
    if (error instanceof ApiError) fail(error);
    else {
      const message = error instanceof Error ? error.message : String(error);
      fail(new ApiError(500, `Internal emulator error: ${message}`));
    }
  }
}

function authenticate(core: EmulatorCore, op: SpecOperation, header: string | undefined): { user?: UserRecord; token: TokenRecord | null } {
  const tokenText = tokenFromHeader(header);
  const token = tokenText ? core.tokens.lookup(tokenText, core.clock.wallMs()) : undefined;
  const user = token ? core.state.users[token.userId] : undefined;
  if (user && !user.is_disabled) return { user, token: token ?? null };
  if (PUBLIC_OPERATIONS.has(op.operationId)) return { token: null };
  throw new ApiError(401, 'Requires authentication.');
}

function faultError(fault: { status: number; retryAfterSeconds?: number; ratelimitResetSeconds?: number; message?: string }): ApiError {
  const headers: Record<string, string> = {};
  if (fault.status === 429 || fault.retryAfterSeconds !== undefined) {
    headers['Retry-After'] = String(Math.max(1, Math.ceil(fault.retryAfterSeconds ?? 1)));
  }
  if (fault.status === 429) {
    headers['ratelimit-limit'] = '1';
    headers['ratelimit-remaining'] = '0';
    headers['ratelimit-reset'] = String(Math.max(1, Math.ceil(fault.ratelimitResetSeconds ?? fault.retryAfterSeconds ?? 1)));
  }
  const message = fault.message ?? (fault.status === 429 ? 'Too Many Requests' : `Injected failure (${fault.status})`);
  return new ApiError(fault.status, message, undefined, headers);
}

/** A reset fault (scripted, or at random under `randomResetRate`) drops the connection before anything is applied. */
function applyConnectionFaults(deps: PipelineDeps, req: IncomingMessage, op: SpecOperation, call: CallRecord): boolean {
  const { randomResetRate } = deps.core.config;
  const randomReset = randomResetRate > 0 && deps.randomFailures.next() < randomResetRate;
  if (!randomReset && !deps.core.faults.take('reset', op.operationId)) return false;
  req.socket.destroy();
  deps.callLog.finish(call, null, 'reset');
  return true;
}

function writeReply(deps: PipelineDeps, res: ServerResponse, op: SpecOperation | undefined, status: number, reply: Reply, trimmed: boolean): void {
  if (reply.body === undefined) {
    send(res, { status, headers: reply.headers });
    return;
  }
  if (Buffer.isBuffer(reply.body) || typeof reply.body === 'string' && reply.contentType !== 'application/json') {
    send(res, { status, headers: reply.headers, body: reply.body as string | Buffer, contentType: reply.contentType });
    return;
  }
  if (deps.responseMismatches && op && status !== 401 && status !== 501) {
    deps.responseMismatches.push(...deps.validator.validateResponse(op, status, reply.body, trimmed));
  }
  send(res, { status, headers: reply.headers, body: JSON.stringify(reply.body), contentType: 'application/json' });
}
