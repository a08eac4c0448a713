// A NodeTransport that (1) records each response's status and headers for the call that made
// it, and (2) enforces the request timeout the SDK's own transport never applies.
//
// Recording goes into an AsyncLocalStorage "exchange log" opened by LookerClient.call, so two
// activities calling Looker at the same time each see only their own responses.
import { AsyncLocalStorage } from 'node:async_hooks';
import { NodeTransport } from '@looker/sdk-node';
import {
  sdkTimeout,
  type Authenticator,
  type HttpMethod,
  type IRawResponse,
  type IRequestProps,
  type ITransportSettings,
  type Values,
} from '@looker/sdk-rtl';

/** What one HTTP request of a call produced. */
export interface RecordedExchange {
  method: HttpMethod;
  /** The URL path (no host, no query string), e.g. /api/4.0/login. */
  path: string;
  /** Undefined when no response arrived (network error or timeout). */
  status?: number;
  /** Response headers, names lower-cased; set-cookie is left out. */
  headers: Record<string, string>;
  /** Set when the request or the download of the body failed. */
  networkError?: Error;
  /** The request body as the SDK passed it, for the change list (never kept for a login). */
  body?: unknown;
}

/** Per-call context: where exchanges are recorded and what may cancel the requests. */
export interface CallContext {
  exchanges: RecordedExchange[];
  signal?: AbortSignal;
}

export const callContext = new AsyncLocalStorage<CallContext>();

export class CapturingTransport extends NodeTransport {
  constructor(options: ITransportSettings) {
    super(options);
  }

  override async initRequest(
    method: HttpMethod,
    path: string,
    body?: unknown,
    authenticator?: Authenticator,
    options?: Partial<ITransportSettings>,
  ): Promise<IRequestProps> {
    const timeoutMs = sdkTimeout({ ...this.options, ...options }) * 1000;
    const signals = [AbortSignal.timeout(timeoutMs)];
    if (options?.signal) signals.push(options.signal);
    const callSignal = callContext.getStore()?.signal;
    if (callSignal) signals.push(callSignal);
    const signal = AbortSignal.any(signals);
    // The SDK builds its own timeout signal but never uses it (a shadowed variable), and
    // logs a debug line on every request that carries no signal; so pass ours and set it.
    const props = await super.initRequest(method, path, body, authenticator, { ...options, signal });
    props.signal = signal;
    return props;
  }

  override async rawRequest(
    method: HttpMethod,
    path: string,
    queryParams?: Values,
    body?: unknown,
    authenticator?: Authenticator,
    options?: Partial<ITransportSettings>,
  ): Promise<IRawResponse> {
    const exchange: RecordedExchange = { method, path: urlPath(path), headers: {} };
    if (!exchange.path.endsWith('/login')) exchange.body = body;
    callContext.getStore()?.exchanges.push(exchange);
    const response = await super.rawRequest(method, path, queryParams, body, authenticator, options);
    if (response.statusCode !== undefined) {
      exchange.status = response.statusCode;
      exchange.headers = withoutCookies(response.headers);
    }
    if (response.body instanceof Error) {
      exchange.networkError = response.body;
    } else if (response.body instanceof Promise) {
      // The body is read lazily; a timeout can still strike while it downloads.
      response.body = response.body.catch((error: unknown) => {
        exchange.networkError = error instanceof Error ? error : new Error(String(error));
        throw error;
      });
    }
    return response;
  }
}

function urlPath(pathOrUrl: string): string {
  return pathOrUrl.replace(/^https?:\/\/[^/]+/i, '').replace(/\?.*$/, '');
}

function withoutCookies(headers: Record<string, string>): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() !== 'set-cookie') kept[name.toLowerCase()] = value;
  }
  return kept;
}
