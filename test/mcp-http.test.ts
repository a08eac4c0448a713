// The MCP server over Streamable HTTP, driven by the SDK's own Client against the real worker,
// dev server and Looker emulator: the shared job tests, the bearer token, Host and body limits,
// the access policy, schedules, progress notifications and the hallucination guard.
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { Client as McpClient } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { createJobService, type JobService } from '../jobs/job-service';
import { startMcpHttpServer, type RunningMcpHttpServer } from '../mcp/http';
import { OPEN_POLICY, type AccessPolicy } from '../mcp/policy';
import packageJson from '../package.json';
import { waitFor } from '../scripts/wait-for';
import { useFreshLookerStack } from './fresh-stack';
import { assertStartsNothing, callError, callOk, mcpJobTests, onboardInput, revenueScenario } from './mcp-helpers';
import type { LookerStack } from './stack';

const TOKEN = 'test-token-0123456789';
const getStack = useFreshLookerStack({ seed: 'demo', queryDurationMs: 100 });
let stack: LookerStack;
let jobService: JobService;
let http: RunningMcpHttpServer;
let mcp: McpClient;
const closers: Array<() => Promise<void>> = [];
after(async () => {
  while (closers.length) await closers.pop()!().catch(() => undefined);
});

async function serve(policy: AccessPolicy, token: string | undefined = TOKEN): Promise<RunningMcpHttpServer> {
  const server = await startMcpHttpServer({ port: 0, jobService, policy, token, log: () => {} });
  closers.push(() => server.close());
  return server;
}

async function connect(server: RunningMcpHttpServer, token: string | undefined = TOKEN): Promise<McpClient> {
  const client = new McpClient({ name: 'mcp-http-test', version: '1.0.0' });
  const headers: Record<string, string> = token ? { Authorization: `Bearer ${token}` } : {};
  await client.connect(new StreamableHTTPClientTransport(new URL(server.url), { requestInit: { headers } }));
  closers.push(() => client.close());
  return client;
}

describe('MCP over Streamable HTTP', () => {
  // Inside the suite, so it runs after the fresh stack's own `before`.
  before(async () => {
    stack = getStack();
    jobService = createJobService({ client: stack.client, taskQueue: stack.taskQueue, uiBaseUrl: 'http://localhost:8233' });
    http = await serve(OPEN_POLICY);
    mcp = await connect(http);
  });

  mcpJobTests(() => mcp, () => stack);

  it('names itself lookerflow with the version in package.json', () => {
    assert.deepEqual(mcp.getServerVersion(), { name: 'lookerflow', version: packageJson.version });
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
    await assert.rejects(connect(http, 'wrong-token-0123456789'), /401|Unauthorized/);
    assert.equal(stack.emulator.admin.counters().total, callsBefore);
  });

  it('refuses foreign Host headers and oversized bodies', async () => {
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

  it('without a token listens on 127.0.0.1 only', async () => {
    const open = await serve(OPEN_POLICY, undefined);
    assert.match(open.url, /^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
    const client = await connect(open, undefined);
    assert.ok((await client.listTools()).tools.length > 0);
  });

  it('read-only policy: write jobs are neither listed nor startable, read tools still work', async () => {
    const readOnly = await connect(await serve({ allowsWrites: false }));
    const { tools } = await readOnly.listTools();
    assert.ok(!tools.some((t) => t.name === 'approve_job' || t.name === 'reject_job'));
    const { jobTypes } = await callOk(readOnly, 'list_job_types');
    assert.ok(jobTypes.length > 0, 'the read-only jobs are listed');
    assert.ok(jobTypes.every((j: any) => !j.writes), JSON.stringify(jobTypes.map((j: any) => j.type)));
    await assertStartsNothing(mcp, stack, async () => {
      const refused = await callError(readOnly, 'start_job', { type: 'onboardUser', input: onboardInput('ro@company.com') });
      assert.match(refused, /Access refused: `onboardUser` changes Looker and this server is read-only/);
    });
    const models = await callOk(readOnly, 'list_models');
    assert.ok(models.models.some((m: any) => m.name === 'ecommerce'));
  });

  it('tag policy exposes only tagged jobs; an expired policy refuses every call', async () => {
    const usersOnly = await connect(await serve({ allowsWrites: true, tags: ['users'] }));
    const { jobTypes } = await callOk(usersOnly, 'list_job_types');
    assert.deepEqual(jobTypes.map((j: any) => j.type).sort(), ['bulkOnboard', 'offboardUser', 'onboardUser']);
    assert.match(await callError(usersOnly, 'start_job', { type: 'queryToDashboard', input: {} }), /Access refused: `queryToDashboard` is not tagged users/);

    const expired = await connect(await serve({ allowsWrites: true, expiresAt: new Date(Date.now() - 1000) }));
    assert.match(await callError(expired, 'list_job_types'), /Access refused: this server's access policy expired at/);
    assert.match(await callError(expired, 'list_models'), /expired/);
  });

  it('run_query with a hallucinated field answers "did you mean" and runs no query', async () => {
    const message = await callError(mcp, 'run_query', { model: 'ecommerce', explore: 'order_items', fields: ['products.category', 'order_items.revenue'] });
    assert.match(message, /no field `order_items\.revenue`.*did you mean `order_items\.total_revenue`/);
    const counts = stack.emulator.admin.counters().byOperation;
    assert.equal(counts.create_query ?? 0, 0);
    assert.equal(counts.create_query_task ?? 0, 0);
  });

  it('sends progress notifications while waiting for a query that takes seconds', async () => {
    stack.emulator.admin.configure({ queryDurationMs: 3000 });
    after(() => void stack.emulator.admin.configure({ queryDurationMs: 100 }));
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

    const { jobId } = await callOk(mcp, 'start_job', { type: 'queryToDashboard', input: revenueScenario(`Progress ${stack.taskQueue}`) });
    const waitNotes: string[] = [];
    const waited = (await mcp.callTool({ name: 'wait_for_job', arguments: { jobId } }, undefined, {
      onprogress: (p) => void waitNotes.push(p.message ?? ''),
      timeout: 60_000,
    })) as any;
    assert.equal(waited.structuredContent.status, 'completed', JSON.stringify(waited.content));
    assert.ok(waitNotes.length >= 2, `got ${waitNotes.length} progress notifications from wait_for_job`);
  });

  it('creates, lists, pauses, resumes and deletes a schedule of a job', async () => {
    const scheduleId = `rescue-${stack.taskQueue}`;
    const created = await callOk(mcp, 'create_schedule', { scheduleId, type: 'rescueOrphanedSchedules', input: { newOwner: { id: '1' } }, cron: '0 6 * * MON', timezone: 'Europe/Berlin' });
    assert.equal(created.type, 'rescueOrphanedSchedules');
    assert.equal(created.paused, false);
    assert.equal(created.cron, '0 6 * * MON');
    assert.equal(created.nextRuns.length, 3);
    assert.match(await callError(mcp, 'create_schedule', { scheduleId, type: 'rescueOrphanedSchedules', input: { newOwner: { id: '1' } }, cron: '0 6 * * MON' }), /already exists/);
    assert.match(await callError(mcp, 'create_schedule', { type: 'onboardUser', input: {}, cron: '0 6 * * MON' }), /email/);

    const { schedules } = await callOk(mcp, 'list_schedules');
    assert.ok(schedules.some((s: any) => s.scheduleId === scheduleId));
    assert.equal((await callOk(mcp, 'pause_schedule', { scheduleId, reason: 'holiday' })).paused, true);
    assert.equal((await stack.client.schedule.getHandle(scheduleId).describe()).state.note, 'holiday');
    assert.equal((await callOk(mcp, 'unpause_schedule', { scheduleId, reason: 'back' })).paused, false);
    assert.deepEqual(await callOk(mcp, 'delete_schedule', { scheduleId }), { scheduleId, deleted: true });
    assert.match(await callError(mcp, 'pause_schedule', { scheduleId, reason: 'gone' }), /No schedule with id/);
  });

  it('create_schedule checks the cron like the job schemas: a bad field is named and nothing is created', async () => {
    const scheduleId = `bad-cron-${stack.taskQueue}`;
    const request = { scheduleId, type: 'rescueOrphanedSchedules', input: { newOwner: { id: '1' } } };
    const message = await callError(mcp, 'create_schedule', { ...request, cron: '99 99 * * *' });
    assert.match(message, /minute field "99"/);
    assert.match(message, /hour field "99"/);
    assert.match(await callError(mcp, 'create_schedule', { ...request, cron: '0 9 L * *' }), /day-of-month field "L"/);
    await assert.rejects(stack.client.schedule.getHandle(scheduleId).describe(), { name: 'ScheduleNotFoundError' });
  });

  it('a job waiting for approval is reported so, and reject_job ends it without changes', async () => {
    const trashed = () => Object.values(stack.emulator.admin.state().dashboards).filter((d) => d.deleted).length;
    const trashedBefore = trashed();
    const input = { unusedDays: 365, contentTypes: ['dashboard'], action: 'soft_delete', dryRun: false };
    const { jobId } = await callOk(mcp, 'start_job', { type: 'archiveStaleContent', input });
    const waiting = await callOk(mcp, 'wait_for_job', { jobId, timeoutSeconds: 60 });
    assert.equal(waiting.status, 'waiting-for-approval', JSON.stringify(waiting));
    assert.match(waiting.approval.summary, /^Move to the Trash: \d+ item\(s\) unused for 365 days/);
    assert.match(await callError(mcp, 'reject_job', { jobId, reason: '' }), /say why/);

    await callOk(mcp, 'reject_job', { jobId, reason: 'not during the audit' });
    const done = await callOk(mcp, 'wait_for_job', { jobId, timeoutSeconds: 60 });
    assert.equal(done.result.outcome, 'rejected');
    assert.deepEqual(done.result.decision, { reason: 'not during the audit', by: 'mcp' });
    assert.equal(trashed(), trashedBefore);
  });

  it('cancels a running job with a reason recorded in its history; its query is killed in Looker by then', async () => {
    stack.emulator.admin.configure({ queryDurationMs: 20_000 });
    after(() => void stack.emulator.admin.configure({ queryDurationMs: 100 }));
    const { jobId } = await callOk(mcp, 'start_job', { type: 'queryToDashboard', input: { query: { model: 'ecommerce', view: 'order_items', fields: ['products.category'] }, dashboard: { title: 'Never made' } } });
    const task = await waitFor('the query running in Looker', () => Object.values(stack.emulator.admin.state().query_tasks).find((t) => t.source === `lookerflow:queryToDashboard:${jobId}`));
    await callOk(mcp, 'cancel_job', { jobId, reason: 'changed my mind' });
    // A cancelled job is answered with its report, marked isError so it is not taken for success.
    const ended = (await mcp.callTool({ name: 'wait_for_job', arguments: { jobId, timeoutSeconds: 60 } })) as CallToolResult;
    assert.equal(ended.isError, true);
    const done = ended.structuredContent as Record<string, any>;
    assert.equal(done.status, 'cancelled', JSON.stringify(done));
    assert.notEqual(stack.emulator.admin.state().query_tasks[task.id].killed_ms, null, 'killed before the job reported cancelled');
    const history = await stack.client.workflow.getHandle(jobId).fetchHistory();
    const requested = history.events?.find((e) => e.workflowExecutionCancelRequestedEventAttributes);
    assert.equal(requested?.workflowExecutionCancelRequestedEventAttributes?.cause, 'changed my mind');
    assert.ok(!Object.values(stack.emulator.admin.state().dashboards).some((d) => d.title === 'Never made'));
    assert.match(await callError(mcp, 'cancel_job', { jobId, reason: 'again' }), /already cancelled/);
  });
});
