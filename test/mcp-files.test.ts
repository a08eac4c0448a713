// What an agent meets through MCP alone (the SDK's own Client spawning `lookerflow mcp` with only
// Temporal settings, so the server has no disk shared with the worker): a rendered dashboard read
// back as a resource, a large CSV passed by reference, and an approval of a list it was shown.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Client as McpClient } from '@modelcontextprotocol/sdk/client/index.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { useFreshLookerStack } from './fresh-stack';
import { assertStartsNothing, callError, callOk, spawnStdioMcp, textOf } from './mcp-helpers';
import type { LookerStack } from './stack';
import { usersWithEmail } from './user-jobs';

const getStack = useFreshLookerStack({ seed: 'demo', queryDurationMs: 100 });
let stack: LookerStack;
let mcp: McpClient;

describe('an agent with files and approvals over MCP', () => {
before(async () => {
  stack = getStack();
  // No LOOKERFLOW_FILES_DIR: files can only come through the engine.
  // The local principal approves the archive it started, as a team may allow by policy.
  mcp = await spawnStdioMcp(stack, 'mcp-files-test', undefined, { LOOKERFLOW_MCP_ALLOW_SELF_APPROVAL: 'true' });
});
after(() => mcp.close());

/** wait_for_job's whole answer: its structured report and the resource links it carries. */
async function waitWithLinks(jobId: string) {
  const answer = (await mcp.callTool({ name: 'wait_for_job', arguments: { jobId, timeoutSeconds: 120 } }, undefined, { timeout: 180_000 })) as CallToolResult;
  assert.ok(!answer.isError, textOf(answer));
  const links = answer.content.filter((c) => c.type === 'resource_link') as Array<{ uri: string; name: string }>;
  return { report: answer.structuredContent as Record<string, any>, links };
}

describe('files over MCP', () => {
  it('"export the DAU dashboard as PDF": the render is read back as a resource, starting with %PDF', async () => {
    const { jobId } = await callOk(mcp, 'start_job', { type: 'renderDashboard', input: { dashboardId: '1', format: 'pdf' } });
    const { report, links } = await waitWithLinks(jobId);
    assert.equal(report.status, 'completed', JSON.stringify(report));
    const uri = `lookerflow://files/${report.result.path}`;
    assert.deepEqual(links.map((l) => l.uri), [uri], 'the answer links the PDF');

    const read = await mcp.readResource({ uri });
    const [content] = read.contents as Array<{ uri: string; mimeType: string; blob: string }>;
    assert.equal(content.mimeType, 'application/pdf');
    const pdf = Buffer.from(content.blob, 'base64');
    assert.equal(pdf.subarray(0, 4).toString('latin1'), '%PDF');
    assert.equal(pdf.length, report.result.bytes);

    const { resources } = await mcp.listResources();
    assert.ok(resources.some((r) => r.uri === uri && r.mimeType === 'application/pdf'), 'resources/list shows the render');
  });

  it('refuses a path outside the store and a file that does not exist', async () => {
    await assert.rejects(mcp.readResource({ uri: 'lookerflow://files/jobs/a%20b/report.md' }), /not a file store path/);
    // URL parsing resolves the dots first: what is left is looked up inside the store only.
    await assert.rejects(mcp.readResource({ uri: 'lookerflow://files/../../etc/passwd' }), /No file `etc\/passwd` in the file store/);
    await assert.rejects(mcp.readResource({ uri: 'lookerflow://files/uploads/none/missing.csv' }), /No file `uploads\/none\/missing.csv`/);
  });

  it('a CSV too large for an inline input travels by reference: upload_file, then bulkOnboard csvFile', async () => {
    const header = 'email,firstName,lastName,roles,groups';
    const rows = (n: number, prefix: string) =>
      Array.from({ length: n }, (_, i) => `${prefix}${i + 1}@company.com,Bulk,"Onboarded User ${i + 1}",Viewer;Developer,Finance`);
    // 1,000 rows, the last one bad: the whole file is checked before anything starts.
    const big = [header, ...rows(999, 'firstname.lastname.'), 'not-an-email,Bad,Row,Viewer,Finance'].join('\n');
    assert.ok(Buffer.byteLength(big) > 64 * 1024);
    assert.match(await callError(mcp, 'start_job', { type: 'bulkOnboard', input: { csv: big } }), /at most 65536 allowed; upload a large list and pass it as csvFile/);
    const uploaded = await callOk(mcp, 'upload_file', { name: 'users.csv', text: big });
    assert.match(uploaded.path, /^uploads\/[0-9a-f-]+\/users\.csv$/);
    await assertStartsNothing(mcp, stack, async () => {
      assert.match(await callError(mcp, 'start_job', { type: 'bulkOnboard', input: { csvFile: uploaded.path } }), /row 1000: email/);
      assert.match(await callError(mcp, 'start_job', { type: 'bulkOnboard', input: { csvFile: 'uploads/none/users.csv' } }), /csvFile: No file/);
    });

    const small = await callOk(mcp, 'upload_file', { name: 'team.csv', text: [header, ...rows(3, `ref.${stack.taskQueue}.`)].join('\n') });
    const { jobId } = await callOk(mcp, 'start_job', { type: 'bulkOnboard', input: { csvFile: small.path, usersPerRun: 2 } });
    const { report } = await waitWithLinks(jobId);
    assert.equal(report.status, 'completed', JSON.stringify(report));
    assert.equal(report.result.total, 3);
    assert.equal(report.result.created.length, 3);
    for (const email of report.result.created) assert.equal(usersWithEmail(stack.emulator, email).length, 1);
    // Continued as new with the file's reference, not its rows.
    const first = await stack.client.workflow.getHandle(jobId).describe();
    assert.ok(first.runId);
  });
});

describe('approval with its list over MCP', () => {
  it('the waiting answer shows the candidates and their files; the agent approves the count it saw', async () => {
    const input = { action: 'soft_delete', unusedDays: 365, dryRun: false, requireApproval: true, approvalTimeout: '10m' };
    const { jobId } = await callOk(mcp, 'start_job', { type: 'archiveStaleContent', input });
    const { report: waiting, links } = await waitWithLinks(jobId);
    assert.equal(waiting.status, 'waiting-for-approval', JSON.stringify(waiting));
    const { list, items } = waiting.approval;
    assert.ok(list.count > 0);
    assert.equal(items.length, Math.min(list.count, 25));
    for (const item of items) assert.ok(item.type && item.id && item.title, JSON.stringify(item));
    if (list.count > items.length) assert.match(waiting.approval.more, new RegExp(`of ${list.count} shown`));
    // The whole list is a resource the agent can read before deciding.
    const csvUri = `lookerflow://files/${list.files.csvPath}`;
    assert.ok(links.some((l) => l.uri === csvUri));
    const csv = (await mcp.readResource({ uri: csvUri })).contents[0] as { text: string };
    const listed = csv.text.trim().split('\n').slice(1);
    assert.equal(listed.length, list.count);
    assert.ok(listed[0].startsWith(`${items[0].type},${items[0].id},`));

    // A count other than the one shown is refused and decides nothing.
    assert.match(await callError(mcp, 'approve_job', { jobId, reason: 'checked', count: list.count + 1 }), new RegExp(`has ${list.count} item\\(s\\), not ${list.count + 1}`));
    const approved = await callOk(mcp, 'approve_job', { jobId, reason: 'checked the list', count: list.count });
    assert.equal(approved.decision.status, 'approved');
    assert.equal(approved.decision.by, 'local', 'the stdio server is the local principal');
    assert.equal(approved.startedBy, 'local');
    assert.equal(approved.decision.list.count, list.count);
    assert.equal(approved.decision.list.files.csvPath, list.files.csvPath);

    const { report: done } = await waitWithLinks(jobId);
    assert.equal(done.status, 'completed', JSON.stringify(done));
    assert.equal(done.result.outcome, 'archived');
    assert.equal(done.result.archived + done.result.skipped, list.count);
    const trashed = Object.values(stack.emulator.admin.state().dashboards).filter((d: any) => d.deleted).map((d: any) => `dashboard:${d.id}`);
    for (const item of items.filter((i: any) => i.type === 'dashboard')) assert.ok(trashed.includes(`dashboard:${item.id}`), `${item.id} trashed`);
  });
});
});
