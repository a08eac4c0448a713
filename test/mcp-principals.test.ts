// Principals over Streamable HTTP, with the SDK's Client against the real worker, dev server and
// Looker emulator: each token of the policy file names a principal with its own access; a job
// records who started it and who decided; a principal may not approve its own job unless the
// policy allows it.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Client as McpClient } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { LookerPrincipal, PRINCIPAL_MEMO } from '../contracts/job';
import { createJobService, type JobService } from '../jobs/job-service';
import { startMcpHttpServer, type RunningMcpHttpServer } from '../mcp/http';
import { readAccessPolicy } from '../mcp/policy';
import { waitFor } from '../scripts/wait-for';
import { useFreshLookerStack } from './fresh-stack';
import { callError, callOk } from './mcp-helpers';
import type { LookerStack } from './stack';

const TOKENS = { alice: 'alice-token-0123456789abcdef', bob: 'bob-token-0123456789abcdef', viewer: 'viewer-token-0123456789abcdef' };
const sha256 = (token: string) => createHash('sha256').update(token).digest('hex');
const getStack = useFreshLookerStack({ seed: 'demo', queryDurationMs: 100 });
let stack: LookerStack;
let jobService: JobService;
const closers: Array<() => Promise<void>> = [];
after(async () => {
  while (closers.length) await closers.pop()!().catch(() => undefined);
});

/** A server whose policy file lists three principals; `allowSelfApproval` is the policy switch. */
async function serve(allowSelfApproval: boolean): Promise<RunningMcpHttpServer> {
  const file = join(mkdtempSync(join(tmpdir(), 'lookerflow-policy-')), 'policy.json');
  writeFileSync(
    file,
    JSON.stringify({
      allowSelfApproval,
      principals: [
        { name: 'agent-alice', tokenSha256: sha256(TOKENS.alice), lookerUser: 'alice@company.com' },
        { name: 'agent-bob', tokenSha256: sha256(TOKENS.bob) },
        { name: 'viewer', tokenSha256: sha256(TOKENS.viewer), methods: 'read' },
      ],
    }),
  );
  const lines: string[] = [];
  const server = await startMcpHttpServer({ port: 0, jobService, policy: readAccessPolicy({ LOOKERFLOW_MCP_POLICY_FILE: file }), log: (line) => lines.push(line) });
  closers.push(() => server.close());
  closers.push(async () => assert.ok(!lines.some((line) => Object.values(TOKENS).some((t) => line.includes(t))), 'no token in the log'));
  return server;
}

async function connect(server: RunningMcpHttpServer, token: string): Promise<McpClient> {
  const client = new McpClient({ name: 'mcp-principals-test', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(server.url), { requestInit: { headers: { Authorization: `Bearer ${token}` } } }));
  closers.push(() => client.close());
  return client;
}

/** An archive run started by `mcp`, waiting for approval. */
async function archiveWaiting(mcp: McpClient): Promise<{ jobId: string; count: number }> {
  const input = { action: 'soft_delete', unusedDays: 365, contentTypes: ['dashboard'], dryRun: false, requireApproval: true, approvalTimeout: '10m' };
  const { jobId } = await callOk(mcp, 'start_job', { type: 'archiveStaleContent', input });
  const waiting = await callOk(mcp, 'wait_for_job', { jobId, timeoutSeconds: 55 });
  assert.equal(waiting.status, 'waiting-for-approval', JSON.stringify(waiting));
  return { jobId, count: waiting.approval.list.count };
}

describe('MCP principals and approvals', () => {
  before(() => {
    stack = getStack();
    jobService = createJobService({ client: stack.client, taskQueue: stack.taskQueue, uiBaseUrl: 'http://localhost:8233' });
  });

  it('a job records who started it; that principal may not approve it, another one may', async () => {
    const server = await serve(false);
    const alice = await connect(server, TOKENS.alice);
    const bob = await connect(server, TOKENS.bob);
    const { jobId, count } = await archiveWaiting(alice);

    const description = await stack.client.workflow.getHandle(jobId).describe();
    assert.equal(description.typedSearchAttributes.get(LookerPrincipal), 'agent-alice');
    assert.deepEqual(description.memo?.[PRINCIPAL_MEMO], { name: 'agent-alice', lookerUser: 'alice@company.com' });
    const query = `WorkflowId = '${jobId}' AND ${LookerPrincipal.name} = 'agent-alice'`;
    await waitFor('the job listed by its principal', async () => (await stack.client.workflow.count(query)).count === 1 || undefined);

    assert.match(await callError(alice, 'approve_job', { jobId, reason: 'mine', count }), /started by `agent-alice`, which may not approve it too: an operator approves it/);
    assert.equal((await jobService.getJob(jobId)).status, 'waiting-for-approval', 'the refusal decided nothing');

    const approved = await callOk(bob, 'approve_job', { jobId, reason: 'checked the list', count });
    assert.equal(approved.decision.by, 'agent-bob');
    const done = await callOk(bob, 'wait_for_job', { jobId, timeoutSeconds: 55 });
    assert.equal(done.status, 'completed', JSON.stringify(done));
    assert.deepEqual(done.result.decision, { reason: 'checked the list', by: 'agent-bob' });

    // The tokens are in no history and no answer.
    const history = JSON.stringify(await stack.client.workflow.getHandle(jobId).fetchHistory());
    for (const token of Object.values(TOKENS)) {
      assert.ok(!history.includes(token) && !history.includes(sha256(token)), 'no token in the history');
      assert.ok(!JSON.stringify(done).includes(token));
    }
  });

  it('each principal has its own access, and a session stays with the principal that opened it', async () => {
    const server = await serve(false);
    const viewer = await connect(server, TOKENS.viewer);
    const { tools } = await viewer.listTools();
    assert.ok(!tools.some((t) => t.name === 'approve_job'), 'a read-only principal gets no approve_job');
    assert.match(await callError(viewer, 'start_job', { type: 'archiveStaleContent', input: { unusedDays: 365 } }), /read-only/);

    const alice = await connect(server, TOKENS.alice);
    const sessionId = (alice.transport as StreamableHTTPClientTransport).sessionId!;
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', authorization: `Bearer ${TOKENS.bob}`, 'mcp-session-id': sessionId },
      body: JSON.stringify({ jsonrpc: '2.0', id: 9, method: 'tools/list' }),
    });
    assert.equal(response.status, 403);
    const unknown = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer not-a-principal-token' }, body: '{}' });
    assert.equal(unknown.status, 401);
  });

  it('with allowSelfApproval, the principal that started a job may approve it', async () => {
    const alice = await connect(await serve(true), TOKENS.alice);
    const { jobId, count } = await archiveWaiting(alice);
    const approved = await callOk(alice, 'approve_job', { jobId, reason: 'our team allows it', count });
    assert.equal(approved.decision.status, 'approved');
    assert.equal(approved.decision.by, 'agent-alice');
  });

  it('a policy file with a token in clear or two principals on one token is refused naming the field', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'lookerflow-policy-')), 'policy.json');
    writeFileSync(file, JSON.stringify({ principals: [{ name: 'a', tokenSha256: TOKENS.alice }, { name: 'b', tokenSha256: sha256(TOKENS.bob) }] }));
    assert.throws(() => readAccessPolicy({ LOOKERFLOW_MCP_POLICY_FILE: file }), (error: Error) => {
      assert.match(error.message, /policy file principals.*SHA-256/);
      assert.ok(!error.message.includes(TOKENS.alice), 'the refusal does not repeat the token');
      return true;
    });
    writeFileSync(file, JSON.stringify({ principals: [{ name: 'a', tokenSha256: sha256(TOKENS.bob) }, { name: 'b', tokenSha256: sha256(TOKENS.bob) }] }));
    assert.throws(() => readAccessPolicy({ LOOKERFLOW_MCP_POLICY_FILE: file }), /own token/);
  });
});
