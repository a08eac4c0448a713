// Every idempotent write activity against the Looker emulator: the first call makes the change,
// a second call finds it done, and a retry after a lost response (the write applied, its
// answer never arrived) changes nothing twice; asked again with other settings, it updates the
// same object. Also runQuery's large-result spill to the file store.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { createActivities, type LookerActivities } from '../activities';
import { createLocalFileStore } from '../activities/file-store';
import type { ArchivedItem } from '../activities/archive-records';
import { createLookerClient, type LookerClient } from '../activities/looker-client';
import { lookerSettingsFromEnv } from '../activities/looker-settings';
import { DEMO_IDS, startEmulator, type EmulatorState, type RunningEmulator } from '../emulator';

let emulator: RunningEmulator;
let looker: LookerClient;
let activities: LookerActivities;
let filesDir: string;

before(async () => {
  emulator = await startEmulator({ port: 0, seed: 'demo', validateResponses: true });
  looker = createLookerClient(
    lookerSettingsFromEnv({ LOOKERSDK_BASE_URL: emulator.baseUrl, LOOKERSDK_CLIENT_ID: emulator.clientId, LOOKERSDK_CLIENT_SECRET: emulator.clientSecret }),
  );
  filesDir = mkdtempSync(join(tmpdir(), 'lookerflow-files-'));
  activities = createActivities({ looker, files: createLocalFileStore(filesDir) });
});
after(() => emulator.close());
beforeEach(() => {
  emulator.admin.reset();
  emulator.admin.clearFaults();
  emulator.admin.clearCalls();
});

/** Runs an activity as attempt `attempt` (retries look for what an earlier attempt left). */
function run<Input, Result>(fn: (input: Input) => Promise<Result>, input: Input, attempt = 1): Promise<Result> {
  const env = new MockActivityEnvironment({ attempt }, { logger: new DefaultLogger('ERROR') });
  return env.run(fn, input) as Promise<Result>;
}

const state = () => emulator.admin.state();
const activeUserId = (s: EmulatorState) =>
  Object.values(s.users).find((u) => !u.is_disabled && u.credentials_email && u.id !== '1' && !u.role_ids.includes('1'))!.id;
const departedUserId = (s: EmulatorState) => Object.values(s.users).find((u) => u.first_name === 'Olivia' && u.last_name === 'Departed')!.id;
const folderId = (s: EmulatorState, name: string) => Object.values(s.folders).find((f) => f.name === name)!.id;
const dauTileId = (s: EmulatorState) =>
  Object.values(s.dashboard_elements).find((e) => e.dashboard_id === DEMO_IDS.dauDashboard && e.title === 'DAU')!.id;
const count = <T>(items: Record<string, T>, match: (item: T) => boolean) => Object.values(items).filter(match).length;

/** Did the call change Looker? ({ created } / { changed } / { changed: names[] } / { moved: items[] }) */
function didWrite(result: unknown): boolean {
  const r = result as { outcome?: string; created?: boolean; changed?: boolean | string[]; moved?: unknown[] };
  if (r.outcome !== undefined) return r.outcome !== 'unchanged';
  if (r.created !== undefined) return r.created;
  if (Array.isArray(r.changed)) return r.changed.length > 0;
  if (r.changed !== undefined) return r.changed;
  return (r.moved ?? []).length > 0;
}

interface WriteCase {
  activity: keyof LookerActivities;
  /** The write whose answer the lost-response test drops. */
  dropOperation: string;
  /** The input, from the seeded state (may prepare Looker first). */
  input(s: EmulatorState): unknown | Promise<unknown>;
  /** How many of the wanted thing the emulator holds (must be `expected` afterwards, never more). */
  holds(s: EmulatorState, input: any): number;
  expected?: number;
}

const newUser = { email: 'new.hire@example.com', firstName: 'New', lastName: 'Hire' };
const soleUserNamed = (s: EmulatorState) => count(s.users, (u) => u.first_name === 'New' && u.last_name === 'Hire');

const cases: WriteCase[] = [
  {
    activity: 'ensureUser',
    dropOperation: 'create_user_credentials_email',
    input: () => newUser,
    holds: (s) => Math.min(soleUserNamed(s), count(s.users, (u) => u.credentials_email?.email === newUser.email)),
  },
  {
    activity: 'ensureUser',
    dropOperation: 'create_user',
    input: () => newUser,
    holds: (s) => Math.min(soleUserNamed(s), count(s.users, (u) => u.credentials_email?.email === newUser.email)),
  },
  {
    activity: 'ensureEmailCredentials',
    dropOperation: 'create_user_credentials_email',
    async input() {
      const user = await looker.call('create_user', (sdk) => sdk.create_user({ first_name: 'No', last_name: 'Email' }, 'id'));
      return { userId: user.id!, email: 'no.email@example.com' };
    },
    holds: (s, input) => count(s.users, (u) => u.id === input.userId && u.credentials_email?.email === input.email),
  },
  {
    activity: 'ensureEmailCredentials',
    dropOperation: 'update_user_credentials_email',
    input: (s) => ({ userId: activeUserId(s), email: 'renamed@example.com' }),
    holds: (s, input) => count(s.users, (u) => u.credentials_email?.email === input.email && u.id === input.userId),
  },
  {
    activity: 'setUserRoles',
    dropOperation: 'set_user_roles',
    input: (s) => ({ userId: activeUserId(s), roleIds: ['3', '2'] }),
    holds: (s, input) => ([...s.users[input.userId].role_ids].sort().join() === '2,3' ? 1 : 0),
  },
  {
    activity: 'ensureGroupMembership',
    dropOperation: 'add_group_user',
    input: (s) => ({ userId: activeUserId(s), groupId: '3' }),
    holds: (s, input) => s.groups['3'].user_ids.filter((id) => id === input.userId).length,
  },
  {
    activity: 'ensureUserAttributes',
    dropOperation: 'set_user_attribute_user_value',
    input: (s) => ({ userId: activeUserId(s), values: { locale: 'de_DE' } }),
    holds(s, input) {
      const localeId = Object.values(s.user_attributes).find((a) => a.name === 'locale')!.id;
      return s.users[input.userId].attribute_values[localeId] === 'de_DE' ? 1 : 0;
    },
  },
  {
    activity: 'ensureFolder',
    dropOperation: 'create_folder',
    input: () => ({ name: 'Lookerflow Reports', parentId: '1' }),
    holds: (s) => count(s.folders, (f) => f.name === 'Lookerflow Reports' && f.parent_id === '1'),
  },
  {
    activity: 'ensureDashboard',
    dropOperation: 'create_dashboard',
    input: () => ({ title: 'Lookerflow Revenue', folderId: '1' }),
    holds: (s) => count(s.dashboards, (d) => d.title === 'Lookerflow Revenue' && d.folder_id === '1' && !d.deleted),
  },
  {
    activity: 'ensureDashboardElement',
    dropOperation: 'create_dashboard_element',
    input: () => ({
      dashboardId: DEMO_IDS.revenueDashboard,
      title: 'Orders',
      visType: 'looker_column',
      query: { model: 'ecommerce', view: 'order_items', fields: ['products.category', 'order_items.count'] },
    }),
    holds: (s) => count(s.dashboard_elements, (e) => e.dashboard_id === DEMO_IDS.revenueDashboard && e.title === 'Orders'),
  },
  {
    activity: 'ensureScheduledPlan',
    dropOperation: 'create_scheduled_plan',
    input: () => ({
      dashboardId: DEMO_IDS.revenueDashboard,
      name: 'Revenue Monday',
      crontab: '0 9 * * 1',
      timezone: 'UTC',
      emails: ['finance@example.com'],
      format: 'wysiwyg_pdf',
    }),
    holds: (s) => count(s.scheduled_plans, (p) => p.dashboard_id === DEMO_IDS.revenueDashboard && p.name === 'Revenue Monday'),
  },
  {
    activity: 'ensureAlert',
    dropOperation: 'create_alert',
    input: (s) => ({
      dashboardElementId: dauTileId(s),
      field: { name: 'events.daily_active_users', title: 'DAU' },
      comparisonType: 'LESS_THAN',
      threshold: 123,
      cron: '0 9 * * *',
      emails: ['product@example.com'],
    }),
    holds: (s, input) => count(s.alerts, (a) => a.dashboard_element_id === input.dashboardElementId && a.threshold === 123),
  },
  {
    activity: 'softDeleteContent',
    dropOperation: 'update_dashboard',
    input: () => ({ type: 'dashboard', id: DEMO_IDS.revenueDashboard }),
    holds: (s) => (s.dashboards[DEMO_IDS.revenueDashboard].deleted ? 1 : 0),
  },
  {
    activity: 'restoreContent',
    dropOperation: 'update_dashboard',
    async input() {
      await run(activities.softDeleteContent, { type: 'dashboard', id: DEMO_IDS.revenueDashboard });
      const item = { type: 'dashboard', id: DEMO_IDS.revenueDashboard, folderId: '1', archiveFolderId: null } as unknown as ArchivedItem;
      return { item, action: 'soft_delete' };
    },
    holds: (s) => (s.dashboards[DEMO_IDS.revenueDashboard].deleted ? 0 : 1),
  },
  {
    activity: 'moveContent',
    dropOperation: 'move_dashboard',
    input: (s) => ({ type: 'dashboard', id: DEMO_IDS.revenueDashboard, folderId: folderId(s, 'Archive') }),
    holds: (s, input) => (s.dashboards[DEMO_IDS.revenueDashboard].folder_id === input.folderId ? 1 : 0),
  },
  {
    activity: 'disableUser',
    dropOperation: 'update_user',
    input: (s) => ({ userId: activeUserId(s) }),
    holds: (s, input) => (s.users[input.userId].is_disabled ? 1 : 0),
  },
  {
    activity: 'transferScheduledPlans',
    dropOperation: 'update_scheduled_plan',
    input: (s) => ({ fromUserId: departedUserId(s), toUserId: activeUserId(s) }),
    holds: (s, input) => (count(s.scheduled_plans, (p) => p.user_id === input.fromUserId) === 0 ? count(s.scheduled_plans, (p) => p.user_id === input.toUserId) : 0),
    expected: 3,
  },
  {
    activity: 'transferAlerts',
    dropOperation: 'update_alert_field',
    input: (s) => ({ fromUserId: departedUserId(s), toUserId: activeUserId(s) }),
    holds: (s, input) => (count(s.alerts, (a) => a.owner_id === input.fromUserId) === 0 ? count(s.alerts, (a) => a.owner_id === input.toUserId) : 0),
    expected: 1,
  },
];

describe('idempotent write activities', () => {
  for (const c of cases) {
    const expected = c.expected ?? 1;

    it(`${c.activity}: the first call writes, a second call finds it done`, async () => {
      const fn = activities[c.activity] as (input: unknown) => Promise<unknown>;
      const input = await c.input(state());
      assert.equal(c.holds(state(), input), 0, 'not there before');

      const first = await run(fn, input);
      const second = await run(fn, input);

      assert.equal(didWrite(first), true, `first: ${JSON.stringify(first)}`);
      assert.equal(didWrite(second), false, `second: ${JSON.stringify(second)}`);
      if ((first as { id?: string }).id) assert.equal((second as { id?: string }).id, (first as { id?: string }).id);
      assert.equal(c.holds(state(), input), expected);
    });

    it(`${c.activity}: a retry after ${c.dropOperation}'s answer was lost writes nothing twice`, async () => {
      const fn = activities[c.activity] as (input: unknown) => Promise<unknown>;
      const input = await c.input(state());
      emulator.admin.injectFault({ kind: 'drop-after-apply', count: 1, operation: c.dropOperation });

      const lost = await run(fn, input).catch((e: unknown) => e);
      assert.ok(lost instanceof ApplicationFailure && lost.type === 'LookerUnavailable' && !lost.nonRetryable, String(lost));
      assert.equal(emulator.admin.calls().filter((call) => call.outcome === 'dropped').length, 1);

      const retried = await run(fn, input, 2);

      assert.equal(c.holds(state(), input), expected);
      const id = (retried as { id?: string }).id;
      if (id !== undefined) assert.ok(JSON.stringify(state()).includes(`"id":"${id}"`), `returned id ${id} exists`);
      assert.equal(didWrite(await run(fn, input)), false, 'a third call finds nothing to do');
    });
  }
});

interface ConvergeCase {
  activity: keyof LookerActivities;
  /** The first input, from the seeded state. */
  input(s: EmulatorState): any;
  /** The same thing asked for with other settings. */
  changed(input: any): any;
  /** True when Looker holds what `changed` asks for. */
  holds(s: EmulatorState, id: string): boolean;
}

const plan = { dashboardId: DEMO_IDS.revenueDashboard, name: 'Revenue Monday', crontab: '0 9 * * 1', timezone: 'UTC', emails: ['finance@example.com'], format: 'wysiwyg_pdf' };
const tile = { dashboardId: DEMO_IDS.revenueDashboard, title: 'Orders', visType: 'looker_column', query: { model: 'ecommerce', view: 'order_items', fields: ['products.category', 'order_items.count'] } };

const convergeCases: Array<[string, ConvergeCase]> = [
  ['a schedule gets a new time zone and recipients', {
    activity: 'ensureScheduledPlan',
    input: () => plan,
    changed: (input) => ({ ...input, timezone: 'Asia/Tokyo', emails: ['finance@example.com', 'cfo@example.com'] }),
    holds: (s, id) => s.scheduled_plans[id].timezone === 'Asia/Tokyo' && s.scheduled_plans[id].destinations.map((d) => d.address).sort().join() === 'cfo@example.com,finance@example.com',
  }],
  ['a schedule found by cron and recipients gets its new name', {
    activity: 'ensureScheduledPlan',
    input: () => plan,
    changed: (input) => ({ ...input, name: 'Revenue every Monday' }),
    holds: (s, id) => s.scheduled_plans[id].name === 'Revenue every Monday',
  }],
  ['an alert gets a new cron, recipients and title', {
    activity: 'ensureAlert',
    input: (s) => ({ dashboardElementId: dauTileId(s), field: { name: 'events.daily_active_users', title: 'DAU' }, comparisonType: 'LESS_THAN', threshold: 123, cron: '0 9 * * *', emails: ['product@example.com'] }),
    changed: (input) => ({ ...input, cron: '0 7 * * 1-5', emails: ['oncall@example.com'], customTitle: 'DAU low' }),
    holds: (s, id) => s.alerts[id].cron === '0 7 * * 1-5' && s.alerts[id].custom_title === 'DAU low' && s.alerts[id].destinations.map((d) => d.email_address).join() === 'oncall@example.com',
  }],
  ['a tile gets a new visualization and query', {
    activity: 'ensureDashboardElement',
    input: () => tile,
    changed: (input) => ({ ...input, visType: 'table', query: { ...input.query, sorts: ['order_items.count desc'], limit: '10' } }),
    holds(s, id) {
      const query = s.queries[s.dashboard_elements[id].query_id!];
      return query.vis_config?.type === 'table' && query.sorts.join() === 'order_items.count desc' && query.limit === '10';
    },
  }],
  ['a user gets their corrected name', {
    activity: 'ensureUser',
    input: () => newUser,
    changed: (input) => ({ ...input, lastName: 'Hire-Smith' }),
    holds: (s, id) => s.users[id].last_name === 'Hire-Smith' && s.users[id].first_name === 'New',
  }],
];

describe('registered writes', () => {
  it('none delivers anything again when retried: runScheduledPlanOnce, which no job called, is gone', () => {
    assert.deepEqual(Object.keys(activities).filter((name) => /runOnce|RunOnce|runScheduledPlan/.test(name)), []);
  });
});

describe('ensure writes converge on the input', () => {
  for (const [what, c] of convergeCases) {
    it(`${c.activity}: ${what}, reported as updated, then unchanged`, async () => {
      const fn = activities[c.activity] as (input: unknown) => Promise<{ id: string; created: boolean; outcome: string }>;
      const input = c.input(state());
      const first = await run(fn, input);
      assert.equal(first.outcome, 'created');

      const updated = await run(fn, c.changed(input));
      assert.deepEqual(updated, { id: first.id, created: false, outcome: 'updated' });
      assert.equal(c.holds(state(), first.id), true, JSON.stringify(updated));

      emulator.admin.clearCalls();
      assert.deepEqual(await run(fn, c.changed(input)), { id: first.id, created: false, outcome: 'unchanged' });
      assert.deepEqual(emulator.admin.calls().filter((call) => call.method !== 'GET' && !call.operationId?.startsWith('search_') && call.operationId !== 'login'), []);
    });
  }
});

describe('runQuery results', () => {
  const query = { model: 'ecommerce', view: 'order_items', fields: ['products.category', 'order_items.total_revenue'] };

  it('small results come back inline', async () => {
    const result = await run(activities.runQuery, { jobId: 'small', query });
    assert.ok(result.rows && result.rows.length === result.rowCount && result.rowCount > 0);
    assert.equal(result.rowsRef, undefined);
  });

  it('results above the bound go to the file store; only a reference and a sample come back', async () => {
    const result = await run(activities.runQuery, { jobId: 'big', query, maxInlineBytes: 100 });

    assert.equal(result.rows, undefined);
    assert.ok(result.rowsRef);
    const stored = readFileSync(join(filesDir, result.rowsRef.path));
    assert.equal(stored.length, result.rowsRef.bytes);
    const rows = JSON.parse(stored.toString('utf8')) as unknown[];
    assert.equal(rows.length, result.rowCount);
    assert.ok(rows.length > 0);
    assert.deepEqual(result.sample, rows.slice(0, 20));
  });
});
