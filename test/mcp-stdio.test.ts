// The MCP server over stdio, as Claude Desktop runs it: the SDK's own Client spawns
// `lookerflow mcp` with only Temporal settings, against the real worker, dev server and emulator.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Client as McpClient } from '@modelcontextprotocol/sdk/client/index.js';
import { useFreshLookerStack } from './fresh-stack';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { waitSeconds } from '../mcp/server';
import { waitFor } from '../scripts/wait-for';
import { DEMO_IDS } from '../emulator';
import { assertStartsNothing, callError, callOk, dauScenario, mcpJobTests, onboardInput, spawnStdioMcp } from './mcp-helpers';
import type { LookerStack } from './stack';

const getStack = useFreshLookerStack({ seed: 'demo', queryDurationMs: 100 });
let stack: LookerStack;
let mcp: McpClient;
let stderr = '';

describe('MCP over stdio', () => {
  before(async () => {
    stack = getStack();
    mcp = await spawnStdioMcp(stack, 'mcp-stdio-test', (text) => (stderr += text));
  });
  after(() => mcp.close());

  mcpJobTests(() => mcp, () => stack);

  it('a start naming roles, groups, a dashboard or an explore Looker does not know is refused, every one named with the nearest real name, and starts nothing', async () => {
    await assertStartsNothing(mcp, stack, async () => {
      const onboard = await callError(mcp, 'start_job', {
        type: 'onboardUser',
        input: { ...onboardInput('new.hire@company.com'), roles: ['Viewer', 'Devloper'], groups: ['Finanse'], userAttributes: { lcoale: 'en_GB' } },
      });
      assert.match(onboard, /roles\.1: no role `Devloper`; did you mean `Developer`/);
      assert.match(onboard, /groups\.0: no group `Finanse`; did you mean `Finance`/);
      assert.match(onboard, /userAttributes\.lcoale: no user attribute `lcoale`; did you mean `locale`/);
      assert.doesNotMatch(onboard, /`Viewer`/);
      const kpi = await callError(mcp, 'start_job', {
        type: 'setupKpiMonitoring',
        input: { dashboard: { title: 'Q4 Board Financial Summary' }, schedule: { cron: '0 9 * * *', recipients: ['cfo@company.com'] } },
      });
      assert.match(kpi, /dashboard\.title: no dashboard titled `Q4 Board Financial Summary`; did you mean `Q4 Board Financials`\?/);
      const alert = await callError(mcp, 'start_job', {
        type: 'setupKpiMonitoring',
        input: { ...dauScenario('cfo@company.com'), alert: { ...dauScenario('cfo@company.com').alert, field: 'events.daily_active_user' } },
      });
      assert.match(alert, /alert\.field: no tile on the dashboard shows `events\.daily_active_user`; did you mean `events\.daily_active_users`/);
      const query = await callError(mcp, 'start_job', {
        type: 'queryToDashboard',
        input: { query: { model: 'ecommerce', explore: 'order_item', fields: ['order_items.count'] }, dashboard: { title: 'x', folderId: '999999' } },
      });
      assert.match(query, /query\.explore: no explore `ecommerce::order_item`; did you mean `ecommerce::order_items`/);
      assert.match(query, /dashboard\.folderId: no folder with id `999999`/);
    });
  });

  it("an agent's planning reads: a dashboard by id with its tiles' fields and filters, folder and owner; hits with folder names and owners; a query's filters, sorts and SQL", async () => {
    const state = stack.emulator.admin.state();
    const dashboard = state.dashboards[DEMO_IDS.revenueDashboard];
    const { dashboards, looks } = await callOk(mcp, 'search_content', { id: DEMO_IDS.revenueDashboard, kinds: ['dashboard'] });
    assert.equal(looks, undefined);
    const [detail] = dashboards;
    assert.equal(detail.title, dashboard.title);
    assert.equal(detail.folderName, state.folders[dashboard.folder_id!].name);
    assert.equal(detail.ownerId, dashboard.user_id);
    assert.ok(detail.ownerName);
    const tiles = Object.values(state.dashboard_elements).filter((e) => e.dashboard_id === dashboard.id);
    assert.deepEqual(detail.tiles.map((t: any) => t.title).sort(), tiles.map((t) => t.title).sort());
    const tile = detail.tiles.find((t: any) => t.title === tiles[0].title);
    assert.deepEqual(tile.query.fields, state.queries[tiles[0].query_id!].fields);
    assert.equal(tile.query.explore, state.queries[tiles[0].query_id!].view);
    assert.deepEqual((await callOk(mcp, 'search_content', { id: '999999' })), { dashboards: [], looks: [] });

    const hits = await callOk(mcp, 'search_content', { title: 'Revenue by Product', kinds: ['dashboard'] });
    assert.deepEqual(hits.dashboards.map((h: any) => [h.id, h.folderName, h.ownerId]), [[dashboard.id, state.folders[dashboard.folder_id!].name, dashboard.user_id]]);

    const query = await callOk(mcp, 'run_query', {
      model: 'ecommerce', explore: 'order_items', fields: ['products.category', 'order_items.total_revenue'],
      filters: { 'products.category': 'Jeans,Accessories' }, sorts: ['order_items.total_revenue desc'], limit: 10,
    });
    assert.deepEqual(query.applied, {
      model: 'ecommerce', explore: 'order_items', fields: ['products.category', 'order_items.total_revenue'],
      filters: { 'products.category': 'Jeans,Accessories' }, sorts: ['order_items.total_revenue desc'], limit: 10,
    });
    assert.match(query.sql, /SELECT[\s\S]*ORDER BY/i);
  });

  it('never shows the Looker client secret in a tool result or on stderr', async () => {
    const secret = stack.emulator.clientSecret;
    const answers = [await callOk(mcp, 'list_job_types'), await callOk(mcp, 'list_jobs', { pageSize: 100 }), await callOk(mcp, 'list_models')];
    for (const { jobs } of [answers[1]]) for (const job of jobs) answers.push(await callOk(mcp, 'get_job', { jobId: job.jobId }));
    assert.ok(answers.length > 3);
    assert.ok(!JSON.stringify(answers).includes(secret));
    assert.ok(!stderr.includes(secret));
  });

  it('wait_for_job answers a cancelled job with its report and isError: true; a job waiting for approval is not an error', async () => {
    const { jobId } = await callOk(mcp, 'start_job', { type: 'archiveStaleContent', input: { action: 'soft_delete', dryRun: false, requireApproval: true } });
    const waiting = await waitFor('the archive run to wait for approval', async () => {
      const answer = (await mcp.callTool({ name: 'wait_for_job', arguments: { jobId, timeoutSeconds: 5 } })) as CallToolResult;
      return (answer.structuredContent as any).status === 'waiting-for-approval' ? answer : undefined;
    }, { timeoutMs: 60_000 });
    assert.ok(!waiting.isError);
    await callOk(mcp, 'cancel_job', { jobId, reason: 'not now' });
    const ended = (await mcp.callTool({ name: 'wait_for_job', arguments: { jobId } })) as CallToolResult;
    assert.equal(ended.isError, true, JSON.stringify(ended.content));
    assert.equal((ended.structuredContent as any).status, 'cancelled');
    assert.equal(JSON.parse((ended.content[0] as { text: string }).text).jobId, jobId, 'the text carries the same report');
  });

  it('wait_for_job stays under the 60 s clients give a tool call unless they send a progress token, and says so', async () => {
    assert.equal(waitSeconds(undefined, false), 45);
    assert.equal(waitSeconds(120, false), 55);
    assert.equal(waitSeconds(120, true), 120);
    const { tools } = await mcp.listTools();
    const wait = tools.find((t) => t.name === 'wait_for_job')!;
    assert.match(wait.description ?? '', /progressToken.*resets your timeout/);
    assert.equal((wait.inputSchema.properties as any).timeoutSeconds.maximum, 300);
  });
});
