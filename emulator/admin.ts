/**
 * The test/admin control surface: typed in-process (`EmulatorAdmin`) and over
 * HTTP under `/_emulator/...` (outside /api/4.0, no auth).
 *
 *   POST   /_emulator/reset          {seed?, seedNumber?}  reset state (default: the seed it started with)
 *   POST   /_emulator/seed           {seed, seedNumber?}   load a seed (same as reset with a seed)
 *   GET    /_emulator/state                                full state JSON
 *   GET    /_emulator/counters                             calls per operationId, per status, 429s sent
 *   GET    /_emulator/calls                                call log (seq, at, atMs, method, path, operationId, status, userId, outcome)
 *   DELETE /_emulator/calls                                clear call log and counters
 *   GET    /_emulator/config                               current config
 *   PATCH  /_emulator/config         Partial<EmulatorConfig>
 *   GET    /_emulator/faults                               pending faults
 *   POST   /_emulator/faults         Fault                 queue a fault
 *   DELETE /_emulator/faults                               clear faults
 *   POST   /_emulator/revoke-tokens                        revoke every issued token now
 *   GET    /_emulator/response-mismatches                  spec mismatches seen (validateResponses mode)
 *   GET    /_emulator/outbox                               deliveries sent by schedules and fired alerts, oldest first
 *   DELETE /_emulator/outbox                               empty the outbox
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CallRecord, Counters } from './core/call-log';
import type { EmulatorConfig } from './core/config';
import type { Fault } from './core/faults';
import { parseBody, readBody, sendJson } from './core/http-io';
import type { DeliveryRecord, EmulatorState } from './core/state';
import type { SeedSpec } from './seeds';

export interface EmulatorAdmin {
  reset(options?: { seed?: SeedSpec; seedNumber?: number }): void;
  loadSeed(seed: SeedSpec, seedNumber?: number): void;
  /** A deep copy of the current state. */
  state(): EmulatorState;
  counters(): Counters;
  calls(): CallRecord[];
  clearCalls(): void;
  config(): EmulatorConfig;
  configure(patch: Partial<EmulatorConfig>): EmulatorConfig;
  injectFault(fault: Fault): void;
  faults(): Fault[];
  clearFaults(): void;
  /** Revokes all tokens issued so far; returns how many. */
  revokeTokens(): number;
  /** Response bodies that did not match the spec (only with validateResponses). */
  responseMismatches(): string[];
  /** What schedules delivered and alerts sent (destination, format, attachment bytes), oldest first. */
  outbox(): DeliveryRecord[];
  clearOutbox(): void;
}

export const ADMIN_PREFIX = '/_emulator';

export async function handleAdminRequest(admin: EmulatorAdmin, req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
  const route = `${req.method} ${path.slice(ADMIN_PREFIX.length)}`;
  try {
    const body = (parseBody(await readBody(req), 'application/json') ?? {}) as Record<string, any>;
    switch (route) {
      case 'POST /reset':
        admin.reset({ seed: body.seed, seedNumber: body.seedNumber });
        return sendJson(res, 200, { ok: true });
      case 'POST /seed':
        admin.loadSeed(body.seed, body.seedNumber);
        return sendJson(res, 200, { ok: true });
      case 'GET /state':
        return sendJson(res, 200, admin.state());
      case 'GET /counters':
        return sendJson(res, 200, admin.counters());
      case 'GET /calls':
        return sendJson(res, 200, admin.calls());
      case 'DELETE /calls':
        admin.clearCalls();
        return sendJson(res, 200, { ok: true });
      case 'GET /config':
        return sendJson(res, 200, admin.config());
      case 'PATCH /config':
      case 'POST /config':
        return sendJson(res, 200, admin.configure(body));
      case 'GET /faults':
        return sendJson(res, 200, admin.faults());
      case 'POST /faults':
        admin.injectFault(body as Fault);
        return sendJson(res, 200, admin.faults());
      case 'DELETE /faults':
        admin.clearFaults();
        return sendJson(res, 200, { ok: true });
      case 'POST /revoke-tokens':
        return sendJson(res, 200, { revoked: admin.revokeTokens() });
      case 'GET /response-mismatches':
        return sendJson(res, 200, admin.responseMismatches());
      case 'GET /outbox':
        return sendJson(res, 200, admin.outbox());
      case 'DELETE /outbox':
        admin.clearOutbox();
        return sendJson(res, 200, { ok: true });
      default:
        return sendJson(res, 404, { message: `Unknown admin route ${route}`, documentation_url: null });
    }
  } catch (error) {
    sendJson(res, 400, { message: (error as Error).message, documentation_url: null });
  }
}
