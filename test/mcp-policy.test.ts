// The MCP access policy as operators configure it: environment variables or a JSON file.
import assert from 'node:assert/strict';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { JOB_TYPES } from '../jobs/catalog';
import { checkNotExpired, exposedJobTypes, readAccessPolicy, whyHidden } from '../mcp/policy';

const job = (type: string) => JOB_TYPES.find((j) => j.type === type)!;

describe('MCP access policy', () => {
  it('defaults to read and write, every tag, no expiry', () => {
    assert.deepEqual(readAccessPolicy({}), { allowsWrites: true, tags: undefined, expiresAt: undefined });
  });

  it('reads methods, tags and expiry from the environment', () => {
    const policy = readAccessPolicy({ LOOKERFLOW_MCP_METHODS: 'read', LOOKERFLOW_MCP_TAGS: 'content, governance', LOOKERFLOW_MCP_EXPIRES_AT: '2030-01-01T00:00:00Z' });
    assert.deepEqual(policy, { allowsWrites: false, tags: ['content', 'governance'], expiresAt: new Date('2030-01-01T00:00:00Z') });
    assert.deepEqual(exposedJobTypes(policy, JOB_TYPES).map((j) => j.type), ['renderDashboard', 'auditContentAccess', 'runLook', 'findFieldUsages']);
    assert.match(whyHidden(policy, job('onboardUser'))!, /changes Looker and this server is read-only/);
    assert.equal(readAccessPolicy({ LOOKERFLOW_MCP_METHODS: 'read,write' }).allowsWrites, true);
  });

  it('reads a policy file', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'lookerflow-policy-')), 'policy.json');
    writeFileSync(file, JSON.stringify({ methods: ['read', 'write'], tags: ['users'] }));
    const policy = readAccessPolicy({ LOOKERFLOW_MCP_POLICY_FILE: file, LOOKERFLOW_MCP_METHODS: 'read' });
    assert.deepEqual(policy, { allowsWrites: true, tags: ['users'], expiresAt: undefined }, 'the file wins over the environment');
    assert.deepEqual(exposedJobTypes(policy, JOB_TYPES).map((j) => j.type), ['onboardUser', 'bulkOnboard', 'offboardUser']);
    writeFileSync(file, JSON.stringify({ methods: 'all', expiresAt: 'tomorrow', extra: 1 }));
    assert.throws(() => readAccessPolicy({ LOOKERFLOW_MCP_POLICY_FILE: file }), (e: Error) => ['methods', 'expiresAt', 'extra'].every((name) => new RegExp(`Invalid setting policy file.*${name}`).test(e.message)));
    writeFileSync(file, '{ not json');
    assert.throws(() => readAccessPolicy({ LOOKERFLOW_MCP_POLICY_FILE: file }), /Invalid setting LOOKERFLOW_MCP_POLICY_FILE/);
  });

  it('names the bad environment variable', () => {
    assert.throws(() => readAccessPolicy({ LOOKERFLOW_MCP_METHODS: 'everything' }), /Invalid setting LOOKERFLOW_MCP_METHODS: must be read or read,write/);
    assert.throws(() => readAccessPolicy({ LOOKERFLOW_MCP_EXPIRES_AT: 'soon' }), /Invalid setting LOOKERFLOW_MCP_EXPIRES_AT: must be an ISO time/);
  });

  it('refuses every call once expired', () => {
    const policy = { allowsWrites: true, expiresAt: new Date('2026-01-01T00:00:00Z') };
    assert.doesNotThrow(() => checkNotExpired(policy, new Date('2025-12-31T23:59:59Z')));
    assert.throws(() => checkNotExpired(policy, new Date('2026-01-01T00:00:00Z')), /Access refused: this server's access policy expired at 2026-01-01T00:00:00.000Z/);
  });
});
