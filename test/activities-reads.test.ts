import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { createActivities } from '../activities';
import { createLocalFileStore } from '../activities/file-store';
import { createLookerClient } from '../activities/looker-client';
import { lookerSettingsFromEnv } from '../activities/looker-settings';
import { nextOffset } from '../activities/paging';
import { fakeEnv, startFakeLooker, type FakeHandler } from './activities-fake-looker';

async function activitiesAgainst(handler: FakeHandler) {
  const server = await startFakeLooker(handler);
  after(() => server.close());
  const filesDir = mkdtempSync(join(tmpdir(), 'lookerflow-files-'));
  const activities = createActivities({
    looker: createLookerClient(lookerSettingsFromEnv(fakeEnv(server.baseUrl))),
    files: createLocalFileStore(filesDir),
  });
  return { server, activities, filesDir };
}

type ActivityInfo = ConstructorParameters<typeof MockActivityEnvironment>[0];

function runWith<Args extends unknown[], Result>(info: ActivityInfo, fn: (...args: Args) => Promise<Result>, ...args: Args): Promise<Result> {
  const env = new MockActivityEnvironment({ heartbeatTimeoutMs: 30_000, ...info }, { logger: new DefaultLogger('ERROR') });
  return env.run(fn, ...args) as Promise<Result>;
}

function run<Args extends unknown[], Result>(fn: (...args: Args) => Promise<Result>, ...args: Args): Promise<Result> {
  return runWith({}, fn, ...args);
}

describe('search activities (scripted fake Looker, MockActivityEnvironment)', () => {
  it('one page per call, default fields, nextOffset from the Link header', async () => {
    const { server, activities } = await activitiesAgainst((req) => {
      if (req.path !== '/api/4.0/dashboards/search') return undefined;
      const offset = Number(req.query.get('offset'));
      const more = offset === 0;
      return {
        body: more ? [{ id: '1' }, { id: '2' }] : [{ id: '3' }],
        headers: { link: more ? '<http://x?offset=2>; rel="next", <http://x>; rel="first"' : '<http://x>; rel="first"', 'x-total-count': '3' },
      };
    });
    const first = await run(activities.searchDashboards, { title: 'Sales%', limit: 2, offset: 0 });
    assert.deepEqual(first, { items: [{ id: '1' }, { id: '2' }], nextOffset: 2, total: 3 });
    const second = await run(activities.searchDashboards, { title: 'Sales%', limit: 2, offset: first.nextOffset! });
    assert.equal(second.nextOffset, null);
    const query = server.apiRequests()[0].query;
    assert.equal(query.get('title'), 'Sales%');
    assert.equal(query.get('fields'), 'id,title,folder_id,user_id,view_count,last_viewed_at,deleted');
  });

  it('nextOffset without Link: X-Total-Count, else a full page means maybe more', () => {
    assert.equal(nextOffset(0, 10, 10, undefined, 10), null);
    assert.equal(nextOffset(0, 10, 10, undefined, 11), 10);
    assert.equal(nextOffset(0, 10, 10), 10);
    assert.equal(nextOffset(10, 10, 3), null);
    assert.equal(nextOffset(0, 10, 0), null);
  });
});

describe('resolveRoleIds / resolveGroupIds (scripted fake Looker, MockActivityEnvironment)', () => {
  const roles = [
    { id: '1', name: 'Admin' },
    { id: '2', name: 'Viewer' },
  ];

  it('matches names case-insensitively, in the order asked', async () => {
    const { activities } = await activitiesAgainst((req) => (req.path === '/api/4.0/roles' ? { body: roles } : undefined));
    assert.deepEqual(await run(activities.resolveRoleIds, ['viewer', 'ADMIN']), ['2', '1']);
  });

  it('unknown names fail non-retryable UnknownRoleOrGroup listing the valid names', async () => {
    const { activities } = await activitiesAgainst((req) => (req.path === '/api/4.0/groups' ? { body: roles } : undefined));
    const error = await run(activities.resolveGroupIds, ['Admin', 'Editors']).catch((e: unknown) => e);
    assert.ok(error instanceof ApplicationFailure);
    assert.equal(error.type, 'UnknownRoleOrGroup');
    assert.equal(error.nonRetryable, true);
    assert.equal(error.message, 'Unknown group name: Editors. Valid groups: Admin, Viewer');
  });
});

describe('renderToFile (scripted fake Looker, MockActivityEnvironment)', () => {
  it('polls the render task and stores the exact bytes Looker sent', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff, 0xfe, 0x80, 0x7f]);
    let polls = 0;
    const { activities, filesDir } = await activitiesAgainst((req) => {
      if (req.method === 'POST' && req.path === '/api/4.0/render_tasks/dashboards/7/png') return { body: { id: 'r1', status: 'enqueued_for_query' } };
      if (req.path === '/api/4.0/render_tasks/r1') return { body: { id: 'r1', status: ++polls < 3 ? 'rendering' : 'success' } };
      if (req.path === '/api/4.0/render_tasks/r1/results') return { headers: { 'content-type': 'image/png' }, body: png };
      return undefined;
    });
    const stored = await run(activities.renderToFile, {
      jobId: 'job-r',
      target: { type: 'dashboard', id: '7' },
      format: 'png',
      width: 800,
      height: 600,
    });
    assert.deepEqual(stored, { path: 'jobs/job-r/renderToFile/dashboard-7.png', bytes: png.length, contentType: 'image/png' });
    assert.deepEqual(readFileSync(join(filesDir, stored.path)), png);
    assert.equal(polls, 3);
  });

  const pngInput = { jobId: 'job-resume', target: { type: 'dashboard', id: '7' }, format: 'png', width: 800, height: 600 } as const;
  const renderCreations = (server: { requests: Array<{ method: string; path: string }> }) =>
    server.requests.filter((r) => r.method === 'POST' && r.path.startsWith('/api/4.0/render_tasks/'));

  it('a retried attempt resumes the heartbeated render task instead of rendering again', async () => {
    const { activities, server } = await activitiesAgainst((req) => {
      if (req.method === 'POST' && req.path.startsWith('/api/4.0/render_tasks/')) return { body: { id: 'r-new' } };
      if (req.path === '/api/4.0/render_tasks/r-before') return { body: { id: 'r-before', status: 'success' } };
      if (req.path === '/api/4.0/render_tasks/r-before/results') return { body: Buffer.from('PNG') };
      return undefined;
    });
    const stored = await runWith(
      { attempt: 2, heartbeatDetails: { renderTaskId: 'r-before', polls: 3, status: 'rendering' } },
      activities.renderToFile,
      pngInput,
    );
    assert.equal(stored.bytes, 3);
    assert.equal(renderCreations(server).length, 0, 'no second render task');
  });

  it('when the heartbeated render task is gone (404), renders anew', async () => {
    const { activities, server } = await activitiesAgainst((req) => {
      if (req.method === 'POST' && req.path.startsWith('/api/4.0/render_tasks/')) return { body: { id: 'r-new' } };
      if (req.path === '/api/4.0/render_tasks/r-new') return { body: { id: 'r-new', status: 'success' } };
      if (req.path === '/api/4.0/render_tasks/r-new/results') return { body: Buffer.from('PNG!') };
      return undefined; // r-old: 404
    });
    const stored = await runWith({ attempt: 2, heartbeatDetails: { renderTaskId: 'r-old', polls: 1, status: 'rendering' } }, activities.renderToFile, pngInput);
    assert.equal(stored.bytes, 4);
    assert.equal(renderCreations(server).length, 1);
  });

  it('a failed render is a non-retryable LookerRenderFailed', async () => {
    const { activities } = await activitiesAgainst((req) => {
      if (req.method === 'POST' && req.path === '/api/4.0/render_tasks/looks/5/pdf') return { body: { id: 'r2' } };
      if (req.path === '/api/4.0/render_tasks/r2') return { body: { id: 'r2', status: 'failure', status_detail: 'query timed out' } };
      return undefined;
    });
    const error = await run(activities.renderToFile, { jobId: 'j', target: { type: 'look', id: '5' }, format: 'pdf', width: 800, height: 600 }).catch(
      (e: unknown) => e,
    );
    assert.ok(error instanceof ApplicationFailure);
    assert.equal(error.type, 'LookerRenderFailed');
    assert.equal(error.nonRetryable, true);
    assert.match(error.message, /query timed out/);
  });
});
