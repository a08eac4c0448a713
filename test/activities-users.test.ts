// ensureUser against the in-process Looker emulator.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { startEmulator, type RunningEmulator } from '../emulator';
import { createActivities, type LookerActivities } from '../activities';
import { createLocalFileStore } from '../activities/file-store';
import { createLookerClient } from '../activities/looker-client';
import { lookerSettingsFromEnv } from '../activities/looker-settings';

let emulator: RunningEmulator;
let activities: LookerActivities;

before(async () => {
  emulator = await startEmulator({ port: 0, seed: 'empty' });
  const looker = createLookerClient(
    lookerSettingsFromEnv({ LOOKERSDK_BASE_URL: emulator.baseUrl, LOOKERSDK_CLIENT_ID: emulator.clientId, LOOKERSDK_CLIENT_SECRET: emulator.clientSecret }),
  );
  activities = createActivities({ looker, files: createLocalFileStore(mkdtempSync(join(tmpdir(), 'lookerflow-files-'))) });
});
after(() => emulator.close());

function run<Args extends unknown[], Result>(fn: (...args: Args) => Promise<Result>, ...args: Args): Promise<Result> {
  const env = new MockActivityEnvironment({}, { logger: new DefaultLogger('ERROR') });
  return env.run(fn, ...args) as Promise<Result>;
}

const usersWithEmail = (email: string) =>
  Object.values(emulator.admin.state().users).filter((u) => u.credentials_email?.email === email);

describe('ensureUser', () => {
  it('creates the user with email credentials once; a second call finds it', async () => {
    const first = await run(activities.ensureUser, { email: 'grace@example.com', firstName: 'Grace', lastName: 'Hopper' });
    const second = await run(activities.ensureUser, { email: 'GRACE@example.com', firstName: 'Grace', lastName: 'Hopper' });
    assert.equal(first.created, true);
    assert.deepEqual(second, { id: first.id, created: false, outcome: 'unchanged' });
    assert.equal(usersWithEmail('grace@example.com').length, 1);
  });

  it('an email Looker refuses fails non-retryable and leaves no user behind', async () => {
    const before = Object.keys(emulator.admin.state().users).length;
    const error = await run(activities.ensureUser, { email: 'not-an-email', firstName: 'No', lastName: 'Body' }).catch((e: unknown) => e);
    assert.ok(error instanceof ApplicationFailure);
    assert.equal(error.type, 'LookerValidation');
    assert.equal(error.nonRetryable, true);
    assert.match(error.message, /email: invalid/);
    assert.equal(Object.keys(emulator.admin.state().users).length, before);
  });
});

describe('ensureUser told the user is absent (bulk onboarding read the users just before)', () => {
  const searches = () => emulator.admin.calls().filter((c) => c.operationId === 'search_users').length;

  it('creates without looking first', async () => {
    emulator.admin.clearCalls();
    const made = await run(activities.ensureUser, { email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace', expectAbsent: true });
    assert.equal(made.created, true);
    assert.equal(searches(), 0);
    assert.equal(usersWithEmail('ada@example.com').length, 1);
  });

  it('a retry (its first attempt created the user, the answer was lost) looks and finds it: no second user', async () => {
    const retry = new MockActivityEnvironment({ attempt: 2 }, { logger: new DefaultLogger('ERROR') });
    const found = (await retry.run(activities.ensureUser, { email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace', expectAbsent: true })) as { id: string };
    assert.equal(found.id, usersWithEmail('ada@example.com')[0].id);
    assert.equal(usersWithEmail('ada@example.com').length, 1);
  });

  it('someone created the user meanwhile: the user made here is deleted again and the existing one returned', async () => {
    const users = Object.keys(emulator.admin.state().users).length;
    const result = await run(activities.ensureUser, { email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace', expectAbsent: true });
    assert.deepEqual(result, { id: usersWithEmail('ada@example.com')[0].id, created: false, outcome: 'unchanged' });
    assert.equal(Object.keys(emulator.admin.state().users).length, users, 'no user left without an email');
  });
});

describe('findUsersByEmail', () => {
  it('reads the users once for many emails and returns those asked for, matched exactly', async () => {
    await run(activities.ensureUser, { email: 'a_b@example.com', firstName: 'Under', lastName: 'Score' });
    await run(activities.ensureUser, { email: 'axb@example.com', firstName: 'Ex', lastName: 'Be' });
    emulator.admin.clearCalls();
    const lookup = await run(activities.findUsersByEmail, { emails: ['ADA@example.com', 'a_b@example.com', 'nobody@example.com', 'grace@example.com'] });
    assert.equal(emulator.admin.calls().filter((c) => c.operationId !== 'login').length, 1, 'one search call');
    assert.ok(lookup.read);
    assert.deepEqual(Object.keys(lookup.users).sort(), ['a_b@example.com', 'ada@example.com', 'grace@example.com']);
    assert.deepEqual(lookup.users['ada@example.com'], { id: usersWithEmail('ada@example.com')[0].id, firstName: 'Ada', lastName: 'Lovelace', roleIds: [], groupIds: [] });
  });
});
