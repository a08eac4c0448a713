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
