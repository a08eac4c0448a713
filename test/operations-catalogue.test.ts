// The operation catalogue read from the shipped spec, and the generated table the workflow uses.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { findOperation, operations } from '../common/operations/catalogue';
import { operationFlags } from '../common/operations/operation-table-lookup';
import { operationTableSource } from '../common/operations/table-source';

describe('operation catalogue', () => {
  it('holds all 483 operations of the spec, each with id, verb, path, tags and a class', () => {
    const all = [...operations().values()];
    assert.equal(all.length, 483);
    for (const op of all) {
      assert.ok(op.id && op.path.startsWith('/') && ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].includes(op.verb), op.id);
      assert.ok(['read', 'write', 'delete'].includes(op.class), op.id);
      assert.ok(op.tags.length > 0, op.id);
    }
  });

  it('describes parameters, body and response schemas by name', () => {
    const updateUser = findOperation('update_user')!;
    assert.deepEqual(
      { verb: updateUser.verb, path: updateUser.path, class: updateUser.class, body: updateUser.body, response: updateUser.response },
      { verb: 'PATCH', path: '/users/{user_id}', class: 'write', body: { schema: 'User', required: true }, response: 'User' },
    );
    assert.deepEqual(updateUser.parameters.map((p) => [p.name, p.in, p.required]), [
      ['user_id', 'path', true],
      ['fields', 'query', false],
    ]);
    assert.equal(findOperation('all_dashboards')!.response, '[DashboardBase]');
  });

  it('classes follow the verb, with reads for searches, queries and renders and privileged credential operations', () => {
    const cls = (id: string) => findOperation(id)!.class;
    assert.equal(cls('user'), 'read');
    assert.equal(cls('create_user'), 'write');
    assert.equal(cls('delete_user'), 'delete');
    for (const id of ['run_inline_query', 'create_query', 'create_query_task', 'create_dashboard_render_task']) assert.equal(cls(id), 'read', id);
    for (const id of ['login', 'login_user', 'create_user_credentials_email', 'user_credentials_api3', 'create_embed_secret']) {
      assert.equal(findOperation(id)!.privileged, true, id);
    }
    assert.equal(findOperation('user')!.privileged, false);
  });

  it('flags task starts as async and renders and thumbnails as binary', () => {
    const asyncIds = [...operations().values()].filter((op) => op.async).map((op) => op.id).sort();
    assert.deepEqual(asyncIds, [
      'create_dashboard_element_render_task',
      'create_dashboard_render_task',
      'create_look_render_task',
      'create_query_render_task',
      'create_query_task',
    ]);
    for (const id of ['render_task_results', 'content_thumbnail', 'vector_thumbnail']) assert.equal(findOperation(id)!.binary, true, id);
    assert.equal(findOperation('run_look')!.binary, false);
  });

  it('the committed operation table matches the spec (regenerate with scripts/generate-operation-table.ts)', () => {
    const committed = readFileSync(join(__dirname, '..', 'common', 'operations', 'operation-table.ts'), 'utf8');
    assert.equal(committed, operationTableSource());
    assert.deepEqual(operationFlags('create_query_task'), { class: 'read', privileged: false, async: true, binary: false });
    assert.equal(operationFlags('constructor'), undefined);
  });

  it('the production copy of the spec is the same file the emulator serves', () => {
    const root = join(__dirname, '..');
    assert.equal(readFileSync(join(root, 'common/operations/Looker.4.0.oas.json'), 'utf8'), readFileSync(join(root, 'emulator/spec/Looker.4.0.oas.json'), 'utf8'));
  });
});
