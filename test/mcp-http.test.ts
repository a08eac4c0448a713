// The MCP server over Streamable HTTP, driven by the SDK's own Client against the real worker,
// dev server and Looker emulator: jobs end to end, idempotency keys, bad input, the bearer
// token, Host and body limits, progress notifications and the hallucination guard.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Client as McpClient } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { createJobService } from '../jobs/job-service';
import { startMcpHttpServer, type RunningMcpHttpServer } from '../mcp/http';
import { OPEN_POLICY } from '../mcp/policy';
import { waitFor } from '../scripts/wait-for';
import { callError, callOk, workflowCount } from './mcp-helpers';
import { startLookerStack, type LookerStack } from './stack';
import { usersWithEmail } from './user-jobs';

const TOKEN = 'test-token-0123456789';
let stack: LookerStack;
let http: RunningMcpHttpServer;
let mcp: McpClient;
const clients: McpClient[] = [];
after(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await http?.close();
});

async function connect(token: string | undefined = TOKEN): Promise<McpClient> {
  const client = new McpClient({ name: 'mcp-http-test', version: '1.0.0' });
  const headers: Record<string, string> = token ? { Authorization: `Bearer ${token}` } : {};
  await client.connect(new StreamableHTTPClientTransport(new URL(http.url), { requestInit: { headers } }));
  clients.push(client);
  return client;
}

before(async () => {
  stack = await startLookerStack({ seed: 'demo' });
  const jobService = createJobService({ client: stack.client, taskQueue: stack.taskQueue, uiBaseUrl: 'http://localhost:8233' });
  http = await startMcpHttpServer({ port: 0, jobService, policy: OPEN_POLICY, token: TOKEN, log: () => {} });
  mcp = await connect();
});

const onboardInput = (email: string) => ({ email, firstName: 'Ada', lastName: 'Lovelace', roles: ['Viewer'], groups: ['Finance'] });

describe('MCP over Streamable HTTP', () => {
  it('keeps tools/list under 8 KB and lists job types with their input JSON Schema', async () => {
    const { tools } = await mcp.listTools();
    const bytes = Buffer.byteLength(JSON.stringify({ tools }));
    assert.ok(bytes < 8 * 1024, `tools/list is ${bytes} bytes`);
    assert.ok(tools.some((t) => t.name === 'start_job' && t.annotations?.destructiveHint === true));
    assert.ok(tools.some((t) => t.name === 'get_job' && t.annotations?.readOnlyHint === true));

    const { jobTypes } = await callOk(mcp, 'list_job_types');
    const onboard = jobTypes.find((j: any) => j.type === 'onboardUser');
    assert.equal(onboard.writes, true);
    assert.deepEqual(onboard.tags, ['users']);
    assert.ok(onboard.inputSchema.properties.email, 'the schema describes email');
    assert.deepEqual([...onboard.inputSchema.required].sort(), ['email', 'firstName', 'lastName']);
    assert.ok(!jobTypes.some((j: any) => j.type === 'runInlineQuery'), 'read tools are not job types');
  });

  it('starts an onboarding job, waits for it and the user exists in Looker; the same key twice is one job', async () => {
    const email = 'ada.http@company.com';
    const first = await callOk(mcp, 'start_job', { type: 'onboardUser', input: onboardInput(email), idempotencyKey: 'ada-http' });
    const second = await callOk(mcp, 'start_job', { type: 'onboardUser', input: onboardInput(email), idempotencyKey: 'ada-http' });
    assert.equal(second.jobId, first.jobId);
    assert.equal(second.runId, first.runId);
    assert.match(first.uiUrl, new RegExp(`^http://localhost:8233/namespaces/default/workflows/${first.jobId}$`));

    const done = await callOk(mcp, 'wait_for_job', { jobId: first.jobId, timeoutSeconds: 60 });
    assert.equal(done.status, 'completed', JSON.stringify(done));
    assert.equal(done.type, 'onboardUser');
    assert.equal(done.target, email);
    const users = usersWithEmail(stack.emulator, email);
    assert.equal(users.length, 1);
    assert.equal(done.result.userId, users[0].id);

    // After it finished, the key still answers with the first job instead of running again.
    const third = await callOk(mcp, 'start_job', { type: 'onboardUser', input: onboardInput(email), idempotencyKey: 'ada-http' });
    assert.equal(third.jobId, first.jobId);
    assert.equal(third.status, 'completed');
    assert.equal(usersWithEmail(stack.emulator, email).length, 1);

    const description = await stack.client.workflow.getHandle(first.jobId).describe();
    assert.equal(await description.staticSummary(), `Onboard ${email}`);
    const listed = await waitFor('the job in list_jobs', async () => {
      const { jobs } = await callOk(mcp, 'list_jobs', { type: 'onboardUser', status: 'completed' });
      return jobs.find((j: any) => j.jobId === first.jobId);
    });
    assert.equal(listed.target, email);
  });

  it('refuses bad input naming each bad field, and starts nothing', async () => {
    // A known job makes visibility current before counting.
    const marker = await callOk(mcp, 'start_job', { type: 'onboardUser', input: onboardInput('marker.http@company.com') });
    const before = await waitFor('the marker job is visible', async () => {
      const { count } = await stack.client.workflow.count(`WorkflowId = '${marker.jobId}'`);
      return count === 1 && workflowCount(stack.client, stack.taskQueue);
    });
    const usersBefore = Object.keys(stack.emulator.admin.state().users).length;

    assert.match(await callError(mcp, 'start_job', { type: 'onboardUser', input: { email: 'x@company.com', lastName: 'X' } }), /firstName/);
    assert.match(await callError(mcp, 'start_job', { type: 'onboardUser', input: { ...onboardInput('not-an-email') } }), /email must be a valid email/);
    assert.match(await callError(mcp, 'start_job', { type: 'offboardEveryone', input: {} }), /Unknown job type `offboardEveryone`/);
    assert.match(
      await callError(mcp, 'start_job', { type: 'onboardUser', input: { ...onboardInput('big@company.com'), lastName: 'x'.repeat(70_000) } }),
      /at most 65536 allowed/,
    );
    const wrongTypes = await callError(mcp, 'start_job', { type: 'onboardUser', input: { ...onboardInput('w@company.com'), roles: 'Viewer', sendSetupEmail: 'yes' } });
    assert.match(wrongTypes, /roles/);
    assert.match(wrongTypes, /sendSetupEmail/);
    assert.match(await callError(mcp, 'start_job', { type: 'onboardUser', input: 'not an object' }), /input/);

    await waitFor('the marker job to finish', async () => (await callOk(mcp, 'get_job', { jobId: marker.jobId })).status === 'completed');
    assert.equal(await workflowCount(stack.client, stack.taskQueue), before, 'no workflow was started');
    assert.equal(Object.keys(stack.emulator.admin.state().users).length, usersBefore + 0, 'no user was created');
  });

  it('refuses a missing or wrong bearer token with 401 and runs no tool', async () => {
    const callsBefore = stack.emulator.admin.counters().total;
    for (const token of [undefined, 'wrong-token-0123456789', TOKEN.slice(0, -1)]) {
      const response = await fetch(http.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'x', version: '1' } } }),
      });
      assert.equal(response.status, 401);
      assert.equal(response.headers.get('www-authenticate'), 'Bearer');
    }
    await assert.rejects(connect('wrong-token-0123456789'), /401|Unauthorized/);
    assert.equal(stack.emulator.admin.counters().total, callsBefore);
  });

  it('refuses foreign Host headers and oversized bodies', async () => {
    const { request } = await import('node:http');
    const url = new URL(http.url);
    const status = (headers: Record<string, string>, body: string) =>
      new Promise<number>((resolve, reject) => {
        const req = request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end(body);
      });
    const auth = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };
    assert.equal(await status({ ...auth, host: 'evil.example.com' }, '{}'), 403);
    assert.equal(await status({ ...auth, host: url.host }, JSON.stringify({ pad: 'x'.repeat(1024 * 1024 + 10) })), 413);
  });

  it('run_query with a hallucinated field answers "did you mean" and runs no query', async () => {
    const before = stack.emulator.admin.counters().byOperation;
    const message = await callError(mcp, 'run_query', {
      model: 'ecommerce',
      explore: 'order_items',
      fields: ['products.category', 'order_items.revenue'],
    });
    assert.match(message, /no field `order_items\.revenue`.*did you mean `order_items\.total_revenue`/);
    const afterCounts = stack.emulator.admin.counters().byOperation;
    assert.equal(afterCounts.create_query ?? 0, before.create_query ?? 0);
    assert.equal(afterCounts.create_query_task ?? 0, before.create_query_task ?? 0);
  });

  it('sends progress notifications while waiting for a query that takes seconds', async () => {
    stack.emulator.admin.configure({ queryDurationMs: 3000 });
    after(() => stack.emulator.admin.configure({ queryDurationMs: 200 }));
    const notes: string[] = [];
    const result = (await mcp.callTool(
      { name: 'run_query', arguments: { model: 'ecommerce', explore: 'order_items', fields: ['products.category', 'order_items.total_revenue'], limit: 50 } },
      undefined,
      { onprogress: (p) => void notes.push(p.message ?? ''), timeout: 60_000 },
    )) as any;
    assert.ok(!result.isError, JSON.stringify(result.content));
    assert.ok(result.structuredContent.rowCount > 0);
    assert.ok(result.structuredContent.rows.some((r: any) => 'products.category' in r));
    assert.ok(notes.length >= 2, `got ${notes.length} progress notifications`);
    assert.ok(notes.some((n) => n.startsWith('running query')), notes.join(' | '));
  });
});
