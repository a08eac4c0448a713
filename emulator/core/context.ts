/** What every operation handler receives. */
import type { Clock } from './clock';
import type { EmulatorConfig } from './config';
import type { FaultQueue } from './faults';
import type { Params } from './params';
import type { SpecOperation } from './spec';
import type { EmulatorState, UserRecord } from './state';
import type { TokenRecord } from './auth';
import type { TokenStore } from './auth';

/** Long-lived services shared by all requests of one emulator instance. */
export interface EmulatorCore {
  state: EmulatorState;
  config: EmulatorConfig;
  clock: Clock;
  faults: FaultQueue;
  tokens: TokenStore;
  /** Seeds the PRNG of generated query rows. */
  seedNumber: number;
}

export interface RequestContext {
  core: EmulatorCore;
  op: SpecOperation;
  params: Params;
  /** Parsed JSON body (or form fields for /login); undefined when none was sent. */
  body: any;
  /** The authenticated user; only absent for operations that need no login. */
  user: UserRecord;
  token: TokenRecord | null;
  /** `http://host:port`, for absolute URLs such as Link headers. */
  origin: string;
  /** Request path including `/api/4.0` and the raw query string. */
  url: URL;
}

export type Handler = (ctx: RequestContext) => unknown;
export type HandlerTable = Record<string, Handler>;
