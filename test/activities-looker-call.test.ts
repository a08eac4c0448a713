// lookerCall (any operation by id) against the in-process Looker emulator, without a worker.
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
import type { LookerCallInput, LookerCallResult } from '../activities/looker-call';

let emulator: RunningEmulator;
let activities: LookerActivities;

before(async () => {
  emulator = await startEmulator({ port: 0, seed: 'demo' });
  const looker = createLookerClient(
    lookerSettingsFromEnv({ LOOKERSDK_BASE_URL: emulator.baseUrl, LOOKERSDK_CLIENT_ID: emulator.clientId, LOOKERSDK_CLIENT_SECRET: emulator.clientSecret }),
  );
  activities = createActivities({ looker, files: createLocalFileStore(mkdtempSync(join(tmpdir(), 'lookerflow-files-'))) });
});
after(() => emulator.close());

let index = 0;
function call(operationId: string, params: Record<string, unknown> = {}) {
  const env = new MockActivityEnvironment({}, { logger: new DefaultLogger('ERROR') });
  const input: LookerCallInput = { jobId: 'test', callIndex: index++, operationId, params };
  return env.run(activities.lookerCall, input) as Promise<LookerCallResult>;
}

describe('lookerCall', () => {
  it('calls a method taking positional arguments (user(user_id, fields))', async () => {
    const answer = await call('user', { user_id: '1', fields: 'id,email' });
    assert.deepEqual(Object.keys(answer.value as object).sort(), ['email', 'id']);
    assert.ok(answer.lookerMs >= 0);
  });

  it('calls a method taking one request object (search_dashboards)', async () => {
    const answer = await call('search_dashboards', { title: 'Daily Active Users', fields: 'id,title' });
    assert.deepEqual(answer.value, [{ id: '1', title: 'Daily Active Users' }]);
  });

  it('sends a body and an array query parameter', async () => {
    const created = (await call('create_group', { body: { name: 'Scripted Group' } })).value as { id: string };
    assert.equal(emulator.admin.state().groups[created.id]?.name, 'Scripted Group');
    const users = (await call('all_users', { ids: ['1', '2'], fields: 'id' })).value as Array<{ id: string }>;
    assert.deepEqual(users.map((u) => u.id).sort(), ['1', '2']);
  });

  it('refuses an unknown parameter or a missing required one, naming the valid parameters', async () => {
    const error = await call('user', { id: '1' }).catch((e: unknown) => e);
    assert.ok(error instanceof ApplicationFailure);
    assert.equal(error.type, 'LookerBadRequest');
    assert.equal(error.message, 'user: unknown parameter `id`; missing required parameter `user_id`; its parameters are `user_id`, `fields`');
  });

  it('refuses privileged and unknown operations without calling Looker', async () => {
    for (const [id, type] of [['login_user', 'PrivilegedOperation'], ['user_credentials_api3', 'PrivilegedOperation'], ['constructor', 'UnknownOperation']]) {
      const error = await call(id, { user_id: '1' }).catch((e: unknown) => e);
      assert.ok(error instanceof ApplicationFailure, id);
      assert.equal(error.type, type, id);
    }
  });

  it('Looker errors keep their types (404 → LookerNotFound)', async () => {
    const error = await call('dashboard', { dashboard_id: '999999' }).catch((e: unknown) => e);
    assert.ok(error instanceof ApplicationFailure);
    assert.equal(error.type, 'LookerNotFound');
  });
});
