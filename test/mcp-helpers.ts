// Helpers for the MCP tests: calling tools through the SDK's own Client, counting jobs, and the
// tests every transport (stdio, Streamable HTTP) must pass against the real worker and emulator.
import assert from 'node:assert/strict';
import { after, it } from 'node:test';
import { resolve } from 'node:path';
import { Client as McpClient } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { Client } from '@temporalio/client';
import { checkNamesContract } from '../contracts/check-names';
import { FILE_WORKFLOWS } from '../contracts/stored-files';
import type { JobService } from '../jobs/job-service';
import { startMcpHttpServer } from '../mcp/http';
import type { AccessPolicy } from '../mcp/policy';
import { waitFor } from '../scripts/wait-for';
import { useTemporal } from './harness';
import type { LookerStack } from './stack';
import { usersWithEmail } from './user-jobs';

/**
 * Call at file top level: a connect function that starts an MCP HTTP server (no token) over a
 * job service with an access policy and connects the SDK's Client to it; every server and
 * client it made is closed after the file.
 */
export function useHttpMcp(name: string): (jobService: JobService, policy: AccessPolicy) => Promise<McpClient> {
  const closers: Array<() => Promise<void>> = [];
  after(async () => {
    while (closers.length) await closers.pop()!().catch(() => undefined);
  });
  return async (jobService, policy) => {
    const server = await startMcpHttpServer({ port: 0, jobService, policy, token: undefined, log: () => {} });
    closers.push(() => server.close());
    const client = new McpClient({ name, version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(server.url)));
    closers.push(() => client.close());
    return client;
  };
}

/**
 * The SDK's Client spawning `lookerflow mcp` over stdio (what `npx lookerflow mcp` runs) with
 * only Temporal settings: no Looker credentials and no file store of its own.
 */
export async function spawnStdioMcp(stack: LookerStack, name: string, onStderr?: (text: string) => void, env: Record<string, string> = {}): Promise<McpClient> {
  const { address } = await useTemporal();
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: ['bin/lookerflow.js', 'mcp'],
    cwd: resolve(__dirname, '..'),
    env: { PATH: process.env.PATH ?? '', TEMPORAL_ADDRESS: address, LOOKERFLOW_TASK_QUEUE: stack.taskQueue, ...env },
    stderr: 'pipe',
  });
  if (onStderr) transport.stderr?.on('data', (chunk) => onStderr(String(chunk)));
  const mcp = new McpClient({ name, version: '1.0.0' });
  await mcp.connect(transport);
  return mcp;
}

/** Calls a tool that must succeed and returns its structured content. */
export async function callOk<T = Record<string, any>>(mcp: McpClient, name: string, args: Record<string, unknown> = {}): Promise<T> {
  const result = (await mcp.callTool({ name, arguments: args }, undefined, { timeout: 120_000 })) as CallToolResult;
  assert.ok(!result.isError, `${name} failed: ${textOf(result)}`);
  return result.structuredContent as T;
}

/** Calls a tool that must fail and returns the error text the model sees. */
export async function callError(mcp: McpClient, name: string, args: Record<string, unknown> = {}): Promise<string> {
  const result = (await mcp.callTool({ name, arguments: args })) as CallToolResult;
  assert.equal(result.isError, true, `${name} should have failed, got ${textOf(result)}`);
  return textOf(result);
}

export function textOf(result: CallToolResult): string {
  return result.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');
}

/**
 * How many workflows exist on `taskQueue` (visibility is eventually consistent: see sameWorkflowCount),
 * leaving out the file store's reads and writes and the name checks: checking an input reads files and
 * names, and starts no job.
 */
export async function workflowCount(client: Client, taskQueue: string): Promise<number> {
  const fileWorkflows = [...Object.values(FILE_WORKFLOWS), checkNamesContract.type].map((type) => `'${type}'`).join(', ');
  const { count } = await client.workflow.count(`TaskQueue = '${taskQueue}' AND WorkflowType NOT IN (${fileWorkflows})`);
  return count;
}

export const onboardInput = (email: string) => ({ email, firstName: 'Ada', lastName: 'Lovelace', roles: ['Viewer'], groups: ['Finance'] });

/** "Pull revenue by category, and if any is over 100k, make a dashboard of those." */
export const revenueScenario = (title: string) => ({
  query: { model: 'ecommerce', explore: 'order_items', fields: ['products.category', 'order_items.total_revenue'] },
  keepRowsWhere: { field: 'order_items.total_revenue', op: '>', value: 100_000 },
  dashboard: { title },
});

/** "Find the Daily Active Users dashboard, schedule it daily at 9am, alert if DAU drops below 10,000." */
export const dauScenario = (recipient: string) => ({
  dashboard: { id: '1' },
  schedule: { cron: '0 9 * * *', timezone: 'UTC', recipients: [recipient] },
  alert: { field: 'events.daily_active_users', comparison: 'LESS_THAN', threshold: 10_000, recipients: [recipient] },
});

/**
 * Runs `act` (which must start nothing) after a marker job has become visible, then checks
 * that the task queue holds no workflow besides the ones counted before.
 */
export async function assertStartsNothing(mcp: McpClient, stack: LookerStack, act: () => Promise<void>): Promise<void> {
  const marker = await callOk(mcp, 'start_job', { type: 'onboardUser', input: onboardInput(`marker.${Date.now()}@company.com`) });
  const before = await waitFor('the marker job is visible', async () => {
    const { count } = await stack.client.workflow.count(`WorkflowId = '${marker.jobId}'`);
    // `false` would end the wait at once: waitFor keeps polling only on undefined.
    return count === 1 ? workflowCount(stack.client, stack.taskQueue) : undefined;
  });
  await act();
  await callOk(mcp, 'wait_for_job', { jobId: marker.jobId });
  assert.equal(await workflowCount(stack.client, stack.taskQueue), before, 'no workflow was started');
}

/** The tests both transports run, with the client and stack of the calling test file. */
export function mcpJobTests(mcp: () => McpClient, stack: () => LookerStack): void {
  it('keeps tools/list under 8 KB and lists job types with their input JSON Schema', async () => {
    const { tools } = await mcp().listTools();
    const bytes = Buffer.byteLength(JSON.stringify({ tools }));
    assert.ok(bytes < 8 * 1024, `tools/list is ${bytes} bytes`);
    assert.ok(tools.some((t) => t.name === 'start_job' && t.annotations?.destructiveHint === true));
    assert.ok(tools.some((t) => t.name === 'get_job' && t.annotations?.readOnlyHint === true));
    for (const t of tools) assert.ok(t.description && t.description.length <= 200, `${t.name} has a short description`);

    const listed = await callOk(mcp(), 'list_job_types');
    const listedBytes = Buffer.byteLength(JSON.stringify(listed));
    assert.ok(listedBytes < 6 * 1024, `list_job_types is ${listedBytes} bytes`);
    const { jobTypes, $defs } = listed;
    // A part several inputs share is given once: `{ $ref: '#/$defs/<name>' }`.
    const resolved = (schema: any) => (schema.$ref ? $defs[schema.$ref.replace('#/$defs/', '')] : schema);
    const onboard = jobTypes.find((j: any) => j.type === 'onboardUser');
    assert.equal(onboard.writes, true);
    assert.equal(resolved(onboard.inputSchema).properties.email.format, 'email');
    assert.deepEqual([...resolved(onboard.inputSchema).required].sort(), ['email', 'firstName', 'lastName']);
    const bulk = jobTypes.find((j: any) => j.type === 'bulkOnboard');
    assert.deepEqual(bulk.inputSchema.properties.users.items, onboard.inputSchema);
    const query = jobTypes.find((j: any) => j.type === 'queryToDashboard').inputSchema.properties.query;
    assert.deepEqual(query.required, ['model', 'explore', 'fields'], 'one name for one thing: `explore`, as run_query says');
    assert.ok(!jobTypes.some((j: any) => j.type === 'runInlineQuery'), 'read tools are not job types');
  });

  it('starts an onboarding job, waits for it and the user exists in Looker; the same key twice is one job', async () => {
    const { emulator, taskQueue, client } = stack();
    const email = `ada.${taskQueue}@company.com`;
    // Workflow ids are per namespace, and the dev server outlives a test run: the key is per run.
    const idempotencyKey = `onboard-${taskQueue}`;
    const first = await callOk(mcp(), 'start_job', { type: 'onboardUser', input: onboardInput(email), idempotencyKey });
    const second = await callOk(mcp(), 'start_job', { type: 'onboardUser', input: onboardInput(email), idempotencyKey });
    assert.equal(second.jobId, first.jobId);
    assert.equal(second.runId, first.runId);
    // LOOKERFLOW_TEMPORAL_UI_URL unset: the UI next to TEMPORAL_ADDRESS's host.
    assert.match(first.uiUrl, new RegExp(`^http://(localhost|127\\.0\\.0\\.1):8233/namespaces/default/workflows/${first.jobId}$`));

    const done = await callOk(mcp(), 'wait_for_job', { jobId: first.jobId, timeoutSeconds: 60 });
    assert.equal(done.status, 'completed', JSON.stringify(done));
    assert.equal(done.type, 'onboardUser');
    assert.equal(done.target, email);
    const users = usersWithEmail(emulator, email);
    assert.equal(users.length, 1);
    assert.equal(done.result.userId, users[0].id);

    // After it finished, the key still answers with the first job instead of running again.
    const third = await callOk(mcp(), 'start_job', { type: 'onboardUser', input: onboardInput(email), idempotencyKey });
    assert.equal(third.jobId, first.jobId);
    assert.equal(third.status, 'completed');
    assert.equal(usersWithEmail(emulator, email).length, 1);
    // The key with another input is refused, naming the key and the field that differs.
    const refused = await callError(mcp(), 'start_job', { type: 'onboardUser', input: { ...onboardInput(email), roles: ['Developer'] }, idempotencyKey });
    assert.match(refused, new RegExp(`Idempotency key \`${idempotencyKey}\` was first used for job \`${first.jobId}\` with a different input: it differs in roles`));

    const description = await client.workflow.getHandle(first.jobId).describe();
    assert.equal(await description.staticSummary(), `Onboard ${email}`);
    const listed = await waitFor('the job in list_jobs', async () => {
      const { jobs } = await callOk(mcp(), 'list_jobs', { type: 'onboardUser', status: 'completed' });
      return jobs.find((j: any) => j.jobId === first.jobId);
    });
    assert.equal(listed.target, email);
  });

  it('refuses bad input naming each bad field, and starts nothing', async () => {
    const { emulator } = stack();
    const usersBefore = Object.keys(emulator.admin.state().users).length;
    await assertStartsNothing(mcp(), stack(), async () => {
      const start = (type: string, input: unknown) => callError(mcp(), 'start_job', { type, input });
      assert.match(await start('onboardUser', { email: 'x@company.com', lastName: 'X' }), /firstName/);
      assert.match(await start('onboardUser', onboardInput('not-an-email')), /email must be a valid email/);
      assert.match(await start('offboardEveryone', {}), /Unknown job type `offboardEveryone`/);
      assert.match(await start('onboardUser', { ...onboardInput('big@company.com'), lastName: 'x'.repeat(70_000) }), /at most 65536 allowed/);
      const wrongTypes = await start('onboardUser', { ...onboardInput('w@company.com'), roles: 'Viewer', sendSetupEmail: 'yes' });
      assert.match(wrongTypes, /roles/);
      assert.match(wrongTypes, /sendSetupEmail/);
      assert.match(await start('onboardUser', 'not an object'), /input/);
    });
    assert.equal(Object.keys(emulator.admin.state().users).length, usersBefore + 1, 'only the marker user was created');
  });

  it('seed scenario: revenue by category over 100k becomes a dashboard', async () => {
    const explore = await callOk(mcp(), 'describe_explore', { model: 'ecommerce', explore: 'order_items' });
    assert.ok(explore.measures.some((f: any) => f.name === 'order_items.total_revenue'));
    assert.ok(explore.dimensions.some((f: any) => f.name === 'products.category'));

    const title = `Categories over 100k (${stack().taskQueue})`;
    const { jobId } = await callOk(mcp(), 'start_job', { type: 'queryToDashboard', input: revenueScenario(title) });
    const done = await callOk(mcp(), 'wait_for_job', { jobId, timeoutSeconds: 60 });
    assert.equal(done.status, 'completed', JSON.stringify(done));
    const state = stack().emulator.admin.state();
    const dashboards = Object.values(state.dashboards).filter((d) => d.title === title);
    assert.deepEqual(dashboards.map((d) => d.id), [done.result.dashboardId]);
    assert.ok(done.result.rows.length > 0);
    for (const row of done.result.rows) assert.ok(row['order_items.total_revenue'] > 100_000);
  });

  it('seed scenario: the Daily Active Users dashboard is scheduled at 9am with an alert below 10,000', async () => {
    const found = await callOk(mcp(), 'search_content', { title: 'Daily Active Users', kinds: ['dashboard'] });
    const dau = found.dashboards.find((d: any) => d.title === 'Daily Active Users');
    assert.equal(dau.id, '1');

    const recipient = `growth.${stack().taskQueue}@company.com`;
    const { jobId } = await callOk(mcp(), 'start_job', { type: 'setupKpiMonitoring', input: dauScenario(recipient) });
    const done = await callOk(mcp(), 'wait_for_job', { jobId, timeoutSeconds: 60 });
    assert.equal(done.status, 'completed', JSON.stringify(done));
    const state = stack().emulator.admin.state();
    const plans = Object.values(state.scheduled_plans).filter((p) => p.destinations.some((d) => d.address === recipient));
    assert.deepEqual(plans.map((p) => [p.id, p.dashboard_id, p.crontab]), [[done.result.scheduledPlan.id, '1', '0 9 * * *']]);
    const alerts = Object.values(state.alerts).filter((a) => a.destinations.some((d) => d.email_address === recipient));
    assert.deepEqual(alerts.map((a) => [a.id, a.comparison_type, a.threshold]), [[done.result.alert.id, 'LESS_THAN', 10_000]]);
  });
}
