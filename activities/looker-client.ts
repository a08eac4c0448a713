// One Looker client per worker. `call` runs one SDK method and turns its result into either the
// value or a LookerApiError / LookerNetworkError carrying that call's HTTP status and headers.
// It also logs in again when Looker answers 401 (the SDK only re-logs by its own clock; tokens
// can be revoked at any time), and goes through the instance's governor (governor.ts): paced,
// and a 429 waited out and the same call sent again, so an activity never repeats the calls that
// already went through. A 5xx or a lost connection is also sent again at the call, a few times,
// but only for reads (and the login): a write may have been applied, and sent again it can fail
// where a look would have found it done (moving a dashboard into the folder it is already in is
// a 422), so the activity fails and its retry looks before it writes.
import { Looker40SDK } from '@looker/sdk';
import { NodeSession } from '@looker/sdk-node';
import type { SDKResponse } from '@looker/sdk-rtl';
import { noteActivityCall, waitInActivity } from './activity-wait';
import { noteAnswer, noteLostAnswer } from './change-log';
import { CapturingTransport, callContext, type CallContext, type RecordedExchange } from './capturing-transport';
import { LookerGovernor, sleep } from './governor';
import { LookerApiError, LookerNetworkError, type LookerErrorDetail } from './looker-api-error';
import type { LookerSettings } from './looker-settings';

export interface LookerResponse<T> {
  value: T;
  status: number;
  /** Response headers, names lower-cased (e.g. link, x-total-count). */
  headers: Record<string, string>;
}

export interface CallOptions {
  /** Aborts the HTTP request, e.g. the activity's cancellation signal. */
  signal?: AbortSignal;
  /** For endpoints that need no login (versions). */
  skipLogin?: boolean;
  /**
   * The call serves many activities (the batched task poller): a 429 is waited out without
   * heartbeating or timing it against the activity that happens to be current.
   */
  detached?: boolean;
}

export type SdkCall<T> = (sdk: Looker40SDK) => Promise<SDKResponse<T, unknown>>;

export interface LookerClient {
  readonly sdk: Looker40SDK;
  /** The API host, e.g. https://mycompany.looker.com (never secret). */
  readonly baseUrl: string;
  /** Paces this instance's calls and learns its limit. */
  readonly governor: LookerGovernor;
  /** Runs one SDK call and returns its value, or throws LookerApiError / LookerNetworkError. */
  call<T>(operation: string, fn: SdkCall<T>, options?: CallOptions): Promise<T>;
  /** Like call, plus the response status and headers (paging reads link / x-total-count). */
  callForResponse<T>(operation: string, fn: SdkCall<T>, options?: CallOptions): Promise<LookerResponse<T>>;
}

export interface LookerClientOptions {
  /** Default: a governor with no ceiling (it starts at 10 calls/s and adapts). */
  governor?: LookerGovernor;
}

/** Re-logins per call on 401: a token revoked again while the call waited is not bad credentials; more is. */
const RELOGINS_PER_CALL = 3;
/** Sends of a read after a 5xx or lost connection, inside the call, before the activity fails. */
const TRANSIENT_RESENDS_PER_CALL = 3;
/** First wait before such a resend (doubling, plus up to as much again of jitter). */
const TRANSIENT_RESEND_MS = 250;
const READ_METHODS = new Set(['GET', 'HEAD']);

export function createLookerClient(settings: LookerSettings, options: LookerClientOptions = {}): LookerClient {
  const governor = options.governor ?? new LookerGovernor();
  const transport = new CapturingTransport(settings);
  const session = new NodeSession(settings, transport);
  const sdk = new Looker40SDK(session);

  // Concurrent calls share one login; `loginCount` tells a call whose token was refused
  // whether someone else has already logged in again since it started.
  let loginInFlight: Promise<void> | undefined;
  let loginCount = 0;

  function login(): Promise<void> {
    loginInFlight ??= (async () => {
      const context: CallContext = { exchanges: [] };
      try {
        await callContext.run(context, () => session.login());
        loginCount++;
      } catch (error) {
        throw errorFromExchanges('login', decidingExchange(context.exchanges), error);
      } finally {
        loginInFlight = undefined;
      }
    })();
    return loginInFlight;
  }

  async function loginAgain(loginCountSeen: number, options: CallOptions): Promise<void> {
    if (loginCount === loginCountSeen && !loginInFlight) session.reset();
    if (!session.isAuthenticated()) await governedLogin(options);
  }

  /**
   * The login through the governor: a 429 on it is waited out like any call's. Not paced: one
   * login an hour costs nothing of the budget, and the call it opens for is paced already.
   */
  function governedLogin(options: CallOptions): Promise<unknown> {
    return governed('login', () => login().then(() => ({ value: undefined, status: 200, headers: {} })), { ...options, unpaced: true });
  }

  /** Waits inside the call (heartbeating, within the attempt's time); false when there is no time left. */
  async function waitToResend(ms: number, { signal, detached }: CallOptions): Promise<boolean> {
    if (detached) {
      await sleep(ms, signal);
      return true;
    }
    return waitInActivity(ms, signal);
  }

  /** One call through the governor (see governed). */
  function attempt<T>(operation: string, fn: SdkCall<T>, options: CallOptions): Promise<LookerResponse<T>> {
    return governed(operation, () => send(operation, fn, options.signal), options);
  }

  /**
   * Sends through the governor until answered. A 429 for the call, or for the login the SDK made
   * on its way (the call itself was not sent then), is waited out and the call sent again; a 5xx
   * or lost connection of a read is sent again a few times.
   */
  async function governed<T>(
    operation: string,
    sendOnce: () => Promise<LookerResponse<T>>,
    options: CallOptions & { unpaced?: boolean },
  ): Promise<LookerResponse<T>> {
    const { signal, detached, unpaced } = options;
    if (!detached) noteActivityCall();
    let resends = 0;
    for (;;) {
      const ticket = unpaced ? Date.now() : await governor.acquire(signal);
      try {
        const response = await sendOnce();
        governor.onAnswered(response.headers);
        return response;
      } catch (error) {
        if (error instanceof LookerApiError && error.status !== 429) governor.onAnswered(error.headers);
        if (resends < TRANSIENT_RESENDS_PER_CALL && readTransient.has(error as Error)) {
          const waitMs = TRANSIENT_RESEND_MS * 2 ** resends * (1 + Math.random());
          resends++;
          if (await waitToResend(waitMs, options)) continue;
        }
        if (!(error instanceof LookerApiError)) throw error;
        if (error.status !== 429 || (error.operation !== operation && error.operation !== 'login')) throw error;
        // Too close to the attempt's timeout: the activity fails as LookerRateLimited instead.
        if (!(await waitToResend(governor.onThrottled(error.headers, ticket), options))) throw error;
      }
    }
  }

  async function send<T>(operation: string, fn: SdkCall<T>, signal?: AbortSignal): Promise<LookerResponse<T>> {
    const context: CallContext = { exchanges: [], signal };
    const result = await callContext.run(context, () => fn(sdk));
    if (!result.ok) {
      const deciding = decidingExchange(context.exchanges);
      const error = errorFromExchanges(operation, deciding, result.error);
      if (isReadTransient(deciding, error)) readTransient.add(error);
      // Looker may have applied a write whose answer was lost: the change list keeps it, marked.
      const lost = unansweredWrite(deciding);
      if (lost) await noteLostAnswer({ operation, path: lost.path, body: lost.body });
      throw error;
    }
    const last = context.exchanges.at(-1);
    // Writes go into the job's change list (change-log.ts) before the activity goes on.
    await noteAnswer({ operation, path: last?.path ?? '', body: last?.body, value: result.value });
    return { value: result.value, status: last?.status ?? 200, headers: last?.headers ?? {} };
  }

  async function callForResponse<T>(operation: string, fn: SdkCall<T>, options: CallOptions = {}) {
    if (options.skipLogin) return attempt(operation, fn, options);
    for (let relogins = 0; ; relogins++) {
      if (!session.isAuthenticated()) await governedLogin(options);
      const loginCountSeen = loginCount;
      try {
        return await attempt(operation, fn, options);
      } catch (error) {
        if (!(error instanceof LookerApiError && error.status === 401 && error.operation === operation) || relogins >= RELOGINS_PER_CALL) throw error;
        await loginAgain(loginCountSeen, options);
      }
    }
  }

  return {
    sdk,
    baseUrl: settings.base_url,
    governor,
    callForResponse,
    async call(operation, fn, options) {
      return (await callForResponse(operation, fn, options)).value;
    },
  };
}

/** Errors of a call that may be sent again at once: see isReadTransient. */
const readTransient = new WeakSet<Error>();

/**
 * A 5xx (but 501), a 408 or a lost connection (not a timeout: that already took
 * LOOKERSDK_TIMEOUT) of a read, or of the login the SDK made on the way.
 */
function isReadTransient(deciding: RecordedExchange | undefined, error: Error): boolean {
  if (!deciding || !isReadOrLogin(deciding)) return false;
  if (error instanceof LookerNetworkError) return error.reason === 'network';
  return error instanceof LookerApiError && ((error.status >= 500 && error.status !== 501) || error.status === 408);
}

/**
 * The write of a failed call that went out and got no (whole) answer: the connection was lost or
 * the request timed out or was aborted while Looker had it. Not a read or the login, not an
 * answered refusal (4xx, 5xx, 429: Looker said it did not apply it), and not a connection that
 * was never made (the request never reached Looker).
 */
function unansweredWrite(deciding: RecordedExchange | undefined): RecordedExchange | undefined {
  if (!deciding?.networkError || isReadOrLogin(deciding)) return undefined;
  if (deciding.status !== undefined && deciding.status >= 300) return undefined;
  return neverConnected(deciding.networkError) ? undefined : deciding;
}

/** Errors of a connection that was never made (refused, no such host, TLS refused): nothing was sent. */
const NEVER_CONNECTED = /^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|UND_ERR_CONNECT_TIMEOUT|ERR_TLS_.*|.*CERT.*)$/;

function neverConnected(error: Error): boolean {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && NEVER_CONNECTED.test(code)) return true;
  }
  return false;
}

/**
 * The request that decided a failed call: the last one that got an answer or a network error,
 * usually the call itself, or the login the SDK made on the way.
 */
function decidingExchange(exchanges: RecordedExchange[]): RecordedExchange | undefined {
  return [...exchanges].reverse().find((e) => e.status !== undefined || e.networkError);
}

const isReadOrLogin = (exchange: RecordedExchange) => READ_METHODS.has(exchange.method) || exchange.path.endsWith('/login');

/** Builds the error for a failed call from its deciding request (decidingExchange); a failed login names 'login'. */
function errorFromExchanges(operation: string, deciding: RecordedExchange | undefined, error: unknown): Error {
  if (!deciding) return new LookerNetworkError(operation, 'network', messageOf(error));
  const failedOperation = deciding.path.endsWith('/login') && operation !== 'login' ? 'login' : operation;
  if (deciding.networkError) {
    return new LookerNetworkError(failedOperation, networkReason(deciding.networkError), messageOf(deciding.networkError));
  }
  const body = (typeof error === 'object' && error !== null ? error : {}) as {
    message?: unknown;
    errors?: unknown;
    documentation_url?: unknown;
  };
  return new LookerApiError(
    failedOperation,
    deciding.status!,
    deciding.headers,
    typeof body.message === 'string' ? body.message : messageOf(error),
    Array.isArray(body.errors) ? body.errors.map(toErrorDetail) : [],
    typeof body.documentation_url === 'string' ? body.documentation_url : undefined,
  );
}

function toErrorDetail(raw: unknown): LookerErrorDetail {
  const detail = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  return { field: text(detail.field), code: text(detail.code), message: text(detail.message) };
}

function networkReason(error: Error): LookerNetworkError['reason'] {
  if (error.name === 'TimeoutError') return 'timeout';
  if (error.name === 'AbortError') return 'aborted';
  return 'network';
}

function messageOf(error: unknown): string {
  if (error instanceof Error) {
    // fetch reports "fetch failed" and keeps the useful part (ECONNREFUSED…) in `cause`.
    const cause = (error as { cause?: unknown }).cause;
    return cause instanceof Error ? `${error.message}: ${cause.message}` : error.message;
  }
  if (typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string') {
    return (error as { message: string }).message;
  }
  return String(error);
}
