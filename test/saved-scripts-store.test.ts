// The saved-script store on a real local file store, and the reading of a script's text that
// decides whether saving it needs approval (workflows/support/script-writes.ts).
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createLocalFileStore, FileExistsError } from '../activities/file-store';
import { createSavedScriptActivities } from '../activities/saved-scripts';
import { scriptWrites } from '../workflows/support/script-writes';

const record = (description: string) => ({
  name: 'weekly',
  description,
  script: 'return 1',
  inputSchema: { type: 'object' as const, properties: {} },
  writes: false,
  savedAt: '2026-01-05T06:00:00.000Z',
  savedBy: 'tester',
});

describe('saved scripts store', () => {
  it('writes v1, answers v1 for the same content, v2 for new content, and never overwrites a version', async () => {
    const files = createLocalFileStore(mkdtempSync(join(tmpdir(), 'lookerflow-saved-')));
    const store = createSavedScriptActivities({ files });
    assert.equal((await store.saveScriptVersion(record('first'))).saved.version, 1);
    const again = await store.saveScriptVersion({ ...record('first'), savedAt: '2026-01-06T06:00:00.000Z' });
    assert.deepEqual([again.saved.version, again.created], [1, false]);
    assert.equal((await store.findSavedScript(record('first')))?.version, 1);
    assert.equal(await store.findSavedScript(record('second')), null);
    const second = await store.saveScriptVersion(record('second'));
    assert.deepEqual([second.saved.version, second.path, second.created], [2, 'scripts/weekly/v2.json', true]);
    await assert.rejects(files.create('scripts/weekly/v2.json', '{}', 'application/json'), FileExistsError);
    assert.equal(JSON.parse((await files.read('scripts/weekly/v2.json')).toString('utf8')).description, 'second');
    await store.saveScriptVersion({ ...record('other'), name: 'another' });
    const listed = await store.listSavedScripts({});
    assert.deepEqual(listed.map((s) => [s.name, s.version, 'script' in s]).sort(), [['another', 1, false], ['weekly', 2, false]], 'latest versions, without their text');
    assert.deepEqual((await store.listSavedScripts({ name: 'weekly' })).map((s) => [s.version, 'script' in s]), [[2, true]]);
    assert.deepEqual(await store.listSavedScripts({ name: 'none' }), []);
  });
});

describe('whether a script may write, from its text', () => {
  it('reads only when every use of looker is a read operation or looker.query', () => {
    assert.deepEqual(scriptWrites(`const d = await looker.dashboard({ dashboard_id: '1' }); return looker.query({ model: 'm' })`), { writes: false, because: [] });
    assert.deepEqual(scriptWrites(`await looker.create_group({ body: {} }); await looker.delete_look({ look_id: '1' })`).because, ['looker.create_group', 'looker.delete_look']);
    assert.equal(scriptWrites('const op = "create_group"; await looker[op]({})').writes, true);
    assert.equal(scriptWrites('const l = looker; await l.create_group({})').writes, true);
    assert.equal(scriptWrites('await parallel(ids, 2, looker.update_dashboard)').writes, true);
  });
});
