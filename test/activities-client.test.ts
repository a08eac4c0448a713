import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { LookerApiError, LookerNetworkError } from '../activities/looker-api-error';
import { createLookerClient } from '../activities/looker-client';
import { lookerSettingsFromEnv, LookerSettingsError } from '../activities/looker-settings';
import { checkLookerConnection, LookerConnectionError } from '../activities/connection-check';
import { FAKE_CLIENT_SECRET, fakeEnv, startFakeLooker, type FakeHandler } from './activities-fake-looker';

async function fakeLooker(handler: FakeHandler, env: Record<string, string> = {}) {
  const server = await startFakeLooker(handler);
  after(() => server.close());
  const client = createLookerClient(lookerSettingsFromEnv(fakeEnv(server.baseUrl, env)));
  return { server, client };
}

describe('LookerClient (scripted fake Looker)', () => {
  it('returns the value with the status and headers of its own response, even under concurrency', async () => {
    const { client } = await fakeLooker(async (req) => {
      if (req.path !== '/api/4.0/user') return undefined;
      const id = req.query.get('fields')!;
      // Answer in reverse order of arrival so responses interleave.
      await new Promise((resolve) => setTimeout(resolve, 50 - Number(id) * 5));
      return { body: { id }, headers: { 'x-call': id } };
    });
    const ids = Array.from({ length: 10 }, (_, i) => String(i));
    const results = await Promise.all(ids.map((id) => client.callForResponse('me', (sdk) => sdk.me(id))));
    for (const [i, result] of results.entries()) {
      assert.equal(result.value.id, String(i));
      assert.equal(result.headers['x-call'], String(i));
      assert.equal(result.status, 200);
    }
  });

  it('logs in once for concurrent calls', async () => {
    const { client, server } = await fakeLooker((req) => (req.path === '/api/4.0/user' ? { body: { id: '1' } } : undefined));
    await Promise.all(Array.from({ length: 5 }, () => client.call('me', (sdk) => sdk.me())));
    assert.equal(server.logins().length, 1);
  });

  it('throws LookerApiError with status, headers, message and errors[]', async () => {
    const { client } = await fakeLooker((req) =>
      req.path === '/api/4.0/users'
        ? {
            status: 422,
            headers: { 'x-request-id': 'r1' },
            body: { message: 'Validation Failed', errors: [{ field: 'email', code: 'invalid', message: 'must be a valid address' }] },
          }
        : undefined,
    );
    const error = await client.call('create_user', (sdk) => sdk.create_user({ first_name: 'A' })).catch((e: unknown) => e);
    assert.ok(error instanceof LookerApiError);
    assert.equal(error.status, 422);
    assert.equal(error.operation, 'create_user');
    assert.equal(error.headers['x-request-id'], 'r1');
    assert.deepEqual(error.errors, [{ field: 'email', code: 'invalid', message: 'must be a valid address' }]);
    assert.equal(error.message, 'Looker rejected create_user (422 Validation Failed): email: invalid — must be a valid address');
  });

  it('on a 401 logs in again once and retries the call', async () => {
    let rejectFirst = true;
    const { client, server } = await fakeLooker((req) => {
      if (req.path !== '/api/4.0/user') return undefined;
      if (rejectFirst) {
        rejectFirst = false;
        return { status: 401, body: { message: 'Requires authentication.' } };
      }
      return { body: { id: '7' } };
    });
    const me = await client.call('me', (sdk) => sdk.me());
    assert.equal(me.id, '7');
    assert.equal(server.logins().length, 2);
    const calls = server.apiRequests();
    assert.equal(calls.length, 2);
    assert.notEqual(calls[0].headers.authorization, calls[1].headers.authorization, 'the retry uses the new token');
  });

  it('a 401 after three fresh logins is thrown (no login loop)', async () => {
    const { client, server } = await fakeLooker((req) =>
      req.path === '/api/4.0/user' ? { status: 401, body: { message: 'Requires authentication.' } } : undefined,
    );
    const error = await client.call('me', (sdk) => sdk.me()).catch((e: unknown) => e);
    assert.ok(error instanceof LookerApiError);
    assert.equal(error.status, 401);
    assert.equal(server.logins().length, 4);
  });

  it('a token revoked again while the call waited: logs in again and the call succeeds', async () => {
    let refusals = 2;
    const { client, server } = await fakeLooker((req) => {
      if (req.path !== '/api/4.0/user') return undefined;
      return refusals-- > 0 ? { status: 401, body: { message: 'Requires authentication.' } } : { body: { id: '7' } };
    });
    assert.equal((await client.call('me', (sdk) => sdk.me())).id, '7');
    assert.equal(server.logins().length, 3);
  });

  it('a 5xx or a lost connection of a read is sent again at the call', async () => {
    const answers: Array<Partial<{ status: number; drop: boolean }>> = [{ status: 503 }, { drop: true }, { status: 502 }];
    const { client, server } = await fakeLooker((req) => {
      if (req.path !== '/api/4.0/user') return undefined;
      const next = answers.shift();
      return next ? { ...next, body: { message: 'Service Unavailable' } } : { body: { id: '7' } };
    });
    assert.equal((await client.call('me', (sdk) => sdk.me())).id, '7');
    assert.equal(server.apiRequests().length, 4);
  });

  it('a read failing a fourth time in a row fails the call; a write failing once does (it may have been applied)', async () => {
    const { client, server } = await fakeLooker((req) =>
      req.path.startsWith('/api/4.0/user') ? { status: 503, body: { message: 'Service Unavailable' } } : undefined,
    );
    const get = await client.call('me', (sdk) => sdk.me()).catch((e: unknown) => e);
    assert.ok(get instanceof LookerApiError && get.status === 503);
    assert.equal(server.apiRequests().filter((r) => r.method === 'GET').length, 4);
    const post = await client.call('create_user', (sdk) => sdk.create_user({ first_name: 'A' })).catch((e: unknown) => e);
    assert.ok(post instanceof LookerApiError && post.status === 503);
    assert.equal(server.apiRequests().filter((r) => r.method === 'POST').length, 1);
    const del = await client.call('delete_user', (sdk) => sdk.delete_user('9')).catch((e: unknown) => e);
    assert.ok(del instanceof LookerApiError && del.status === 503);
    assert.equal(server.apiRequests().filter((r) => r.method === 'DELETE').length, 1);
    const patch = await client.call('update_user', (sdk) => sdk.update_user('9', { first_name: 'B' })).catch((e: unknown) => e);
    assert.ok(patch instanceof LookerApiError && patch.status === 503);
    assert.equal(server.apiRequests().filter((r) => r.method === 'PATCH').length, 1);
  });

  it('refused credentials fail as operation login, without the secret anywhere', async () => {
    const server = await startFakeLooker(() => undefined);
    after(() => server.close());
    const client = createLookerClient(lookerSettingsFromEnv(fakeEnv(server.baseUrl, { LOOKERSDK_CLIENT_SECRET: 'wrong-secret-xyz' })));
    const error = await client.call('me', (sdk) => sdk.me()).catch((e: unknown) => e);
    assert.ok(error instanceof LookerApiError);
    assert.equal(error.operation, 'login');
    assert.equal(error.status, 404);
    const everything = JSON.stringify({ ...error, message: error.message, stack: error.stack });
    assert.doesNotMatch(everything, /wrong-secret-xyz/);
    assert.doesNotMatch(JSON.stringify(client.sdk.authSession.settings), /secret/i);
  });

  it('enforces LOOKERSDK_TIMEOUT on a request that never answers', async () => {
    const { client } = await fakeLooker((req) => (req.path === '/api/4.0/user' ? { hang: true } : undefined), {
      LOOKERSDK_TIMEOUT: '1',
    });
    const started = Date.now();
    const error = await client.call('me', (sdk) => sdk.me()).catch((e: unknown) => e);
    const elapsed = Date.now() - started;
    assert.ok(error instanceof LookerNetworkError, String(error));
    assert.equal(error.reason, 'timeout');
    assert.ok(elapsed >= 900 && elapsed < 5000, `took ${elapsed} ms`);
  });

  it('an aborted call signal aborts the request', async () => {
    const { client } = await fakeLooker((req) => (req.path === '/api/4.0/user' ? { hang: true } : undefined));
    const controller = new AbortController();
    const pending = client.call('me', (sdk) => sdk.me(), { signal: controller.signal }).catch((e: unknown) => e);
    setTimeout(() => controller.abort(), 50);
    const error = await pending;
    assert.ok(error instanceof LookerNetworkError, String(error));
    assert.equal(error.reason, 'aborted');
  });

  it('an unreachable host is a LookerNetworkError', async () => {
    const server = await startFakeLooker(() => undefined);
    await server.close();
    const client = createLookerClient(lookerSettingsFromEnv(fakeEnv(server.baseUrl)));
    const error = await client.call('me', (sdk) => sdk.me()).catch((e: unknown) => e);
    assert.ok(error instanceof LookerNetworkError, String(error));
    assert.equal(error.reason, 'network');
  });
});

describe('lookerSettingsFromEnv', () => {
  it('names the missing variable', () => {
    assert.throws(() => lookerSettingsFromEnv({}), (e: unknown) => e instanceof LookerSettingsError && /LOOKERSDK_BASE_URL/.test(String(e)));
    assert.throws(
      () => lookerSettingsFromEnv({ LOOKERSDK_BASE_URL: 'http://x', LOOKERSDK_CLIENT_ID: 'a' }),
      /LOOKERSDK_CLIENT_SECRET/,
    );
  });

  it('defaults the timeout to 60 s and keeps SDK retries off', () => {
    const settings = lookerSettingsFromEnv({ LOOKERSDK_BASE_URL: 'http://x/', LOOKERSDK_CLIENT_ID: 'a', LOOKERSDK_CLIENT_SECRET: 'b' });
    assert.equal(settings.timeout, 60);
    assert.equal(settings.maxTries, 1);
    assert.equal(settings.base_url, 'http://x');
    assert.equal(settings.readConfig().client_secret, 'b');
  });

  it('reads a looker.ini, with LOOKERSDK_* variables winning', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const path = join(mkdtempSync(join(tmpdir(), 'lookerflow-ini-')), 'looker.ini');
    writeFileSync(path, '[Looker]\nbase_url=http://from-ini\nclient_id=ini-id\nclient_secret=ini-secret\ntimeout=30\n');
    const settings = lookerSettingsFromEnv({ LOOKERSDK_CLIENT_ID: 'env-id' }, { iniPath: path });
    assert.equal(settings.base_url, 'http://from-ini');
    assert.equal(settings.timeout, 30);
    assert.equal(settings.readConfig().client_id, 'env-id');
    assert.equal(settings.readConfig().client_secret, 'ini-secret');
  });
});

describe('checkLookerConnection (scripted fake Looker)', () => {
  const versions = { looker_release_version: '26.12.3', supported_versions: [{ version: '4.0' }] };

  it('returns the release and API user when all is well', async () => {
    const { client } = await fakeLooker((req) => {
      if (req.path === '/api/4.0/versions') return { body: versions };
      if (req.path === '/api/4.0/user') return { body: { id: '1', display_name: 'API user' } };
      return undefined;
    });
    assert.deepEqual(await checkLookerConnection(client), { lookerReleaseVersion: '26.12.3', userId: '1', userDisplayName: 'API user' });
  });

  it('an unreachable URL names LOOKERSDK_BASE_URL in one line', async () => {
    const server = await startFakeLooker(() => undefined);
    await server.close();
    const client = createLookerClient(lookerSettingsFromEnv(fakeEnv(server.baseUrl)));
    await assert.rejects(checkLookerConnection(client), (e: unknown) => {
      assert.ok(e instanceof LookerConnectionError);
      assert.match(e.message, /^LOOKERSDK_BASE_URL \(http:\/\/127\.0\.0\.1:\d+\) is unreachable/);
      assert.doesNotMatch(e.message, /\n/);
      return true;
    });
  });

  it('a server that is not Looker names LOOKERSDK_BASE_URL', async () => {
    const { client } = await fakeLooker((req) => (req.path === '/api/4.0/versions' ? { body: '<html>hello</html>' } : undefined));
    await assert.rejects(checkLookerConnection(client), /LOOKERSDK_BASE_URL .* is not a Looker API/);
  });

  it('refused credentials name LOOKERSDK_CLIENT_ID / LOOKERSDK_CLIENT_SECRET without the secret', async () => {
    const server = await startFakeLooker((req) => (req.path === '/api/4.0/versions' ? { body: versions } : undefined));
    after(() => server.close());
    const client = createLookerClient(lookerSettingsFromEnv(fakeEnv(server.baseUrl, { LOOKERSDK_CLIENT_SECRET: 'nope-secret' })));
    await assert.rejects(checkLookerConnection(client), (e: unknown) => {
      assert.match(String(e), /LOOKERSDK_CLIENT_ID \/ LOOKERSDK_CLIENT_SECRET/);
      assert.doesNotMatch(String(e), /nope-secret|fake-very-secret/);
      return true;
    });
    assert.ok(FAKE_CLIENT_SECRET);
  });
});
