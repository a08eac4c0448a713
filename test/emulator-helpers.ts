/** Shared helpers for the emulator tests: start it, build a real SDK, poll. */
import { Looker40SDK } from '@looker/sdk';
import { NodeSession, NodeTransport } from '@looker/sdk-node';
import { ApiSettings, DefaultSettings, type IApiSettings } from '@looker/sdk-rtl';
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../emulator';

/** ApiSettings that hand the SDK fixed credentials (instead of looker.ini / env). */
class FixedCredentialsSettings extends ApiSettings {
  constructor(settings: Partial<IApiSettings>, private readonly credentials: { client_id: string; client_secret: string }) {
    super({ ...DefaultSettings(), ...settings });
  }

  override readConfig(): Record<string, string> {
    return { ...this.credentials };
  }
}

/** The real, unpatched SDK pointed at the emulator. */
export function makeSdk(baseUrl: string, clientId: string, clientSecret: string): Looker40SDK {
  const settings = new FixedCredentialsSettings({ base_url: baseUrl, timeout: 30 }, { client_id: clientId, client_secret: clientSecret });
  return new Looker40SDK(new NodeSession(settings, new NodeTransport(settings)));
}

export interface TestEmulator {
  emu: RunningEmulator;
  /** SDK logged in as the seed's admin API user. */
  sdk: Looker40SDK;
  /** SDK for the non-admin API user. */
  userSdk: Looker40SDK;
  close(): Promise<void>;
}

/** Starts an emulator that checks every response against the spec. */
export async function startTestEmulator(options: EmulatorOptions = {}): Promise<TestEmulator> {
  const emu = await startEmulator({ seed: 'demo', queryDurationMs: 60, renderDurationMs: 80, validateResponses: true, ...options });
  const sdk = makeSdk(emu.baseUrl, emu.clientId, emu.clientSecret);
  const userSdk = makeSdk(emu.baseUrl, emu.userClientId, emu.userClientSecret);
  return {
    emu,
    sdk,
    userSdk,
    close: async () => {
      await sdk.authSession.logout().catch(() => undefined);
      await emu.close();
    },
  };
}

/** Fails the test if any emulator response did not match the spec. */
export function assertNoSpecMismatches(emu: RunningEmulator): void {
  assert.deepEqual(emu.admin.responseMismatches(), []);
}

/** Logs in over plain HTTP and returns the access token. */
export async function loginToken(emu: RunningEmulator, clientId = emu.clientId, clientSecret = emu.clientSecret): Promise<string> {
  const res = await fetch(`${emu.baseUrl}/api/4.0/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: clientId, client_secret: clientSecret }).toString(),
  });
  assert.equal(res.status, 200);
  return ((await res.json()) as { access_token: string }).access_token;
}

/** A raw API call (for checking status codes and headers the SDK hides). */
export async function api(emu: RunningEmulator, method: string, path: string, token?: string, body?: unknown): Promise<Response> {
  return fetch(`${emu.baseUrl}/api/4.0${path}`, {
    method,
    headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/** Runs an SDK call expected to fail and returns the error body it carried. */
export async function sdkError(call: Promise<{ ok: boolean; error?: unknown; value?: unknown }>): Promise<{ message: string; errors?: { field: string; code: string; message: string }[]; documentation_url: string }> {
  const result = await call;
  assert.equal(result.ok, false, `expected the call to fail, got ${JSON.stringify(result.value)?.slice(0, 200)}`);
  return result.error as never;
}

/** Starts one emulator for the test file (before) and checks spec mismatches + closes it (after). */
export function useTestEmulator(options: EmulatorOptions = {}, setup?: (t: TestEmulator) => Promise<void>): () => TestEmulator {
  let current: TestEmulator | undefined;
  before(async () => {
    current = await startTestEmulator(options);
    await setup?.(current);
  });
  after(async () => {
    // Closed even when the check fails, so a failing file still ends.
    try {
      assertNoSpecMismatches(current!.emu);
    } finally {
      await current!.close();
    }
  });
  return () => current!;
}
