// The audit trail on the real stack (dev server, worker, SDK, emulator): the change list of each
// job equals the writes the emulator observed, re-running with changed input records what each
// field was and became, the query tasks carry `lookerflow:<jobType>:<jobId>` into Looker's
// System Activity, and `lookerflow jobs audit` / MCP get_job hand the list out.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { changeListPath, type LookerChange } from '../contracts/changes';
import { createJobService, type JobService } from '../jobs/job-service';
import { runCli } from '../cli/main';
import { useFreshLookerStack } from './fresh-stack';
import { appliedWrites } from './job-helpers';
import { makeSdk } from './emulator-helpers';
import { useTemporal } from './harness';
import { spawnStdioMcp } from './mcp-helpers';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { LookerStack } from './stack';

const getStack = useFreshLookerStack({ seed: 'demo', queryDurationMs: 100 });
let stack: LookerStack;
let jobs: JobService;

const DAU_TILE = 'events.daily_active_users';
const kpi = (threshold: number, recipients: string[]) => ({
  dashboard: { title: 'Daily Active Users' },
  schedule: { cron: '0 7 * * *', timezone: 'UTC', recipients, format: 'pdf' },
  alert: { field: DAU_TILE, comparison: 'less than', threshold, recipients },
});

async function runToEnd(type: string, input: unknown): Promise<string> {
  const { jobId } = await jobs.startJob({ type, input });
  const report = await jobs.waitForJob(jobId, { timeoutMs: 120_000 });
  assert.equal(report.status, 'completed', JSON.stringify(report));
  return jobId;
}

/**
 * The writes the emulator applied since the test began, as `operation path`: those it answered
 * with success, and those it applied and then dropped the connection of (no answer reached the client).
 */
function observedWrites(): string[] {
  return appliedWrites(stack.emulator)
    .map((c) => `${c.operationId} ${c.path.replace(/^\/api\/4\.0/, '')}`)
    .sort();
}

const recorded = (changes: LookerChange[]) => changes.map((c) => `${c.operation} ${c.path.replace(/^\/api\/4\.0/, '')}`);

describe('audit trail', () => {
  before(() => {
    stack = getStack();
    jobs = createJobService({ client: stack.client, taskQueue: stack.taskQueue, uiBaseUrl: 'http://localhost:8233' });
  });

  it('each job’s change list equals the writes the emulator observed, with fields before and after', async () => {
    const first = await runToEnd('setupKpiMonitoring', kpi(4_000, ['growth@lookerflow.example']));
    const second = await runToEnd('setupKpiMonitoring', kpi(4_000, ['growth@lookerflow.example', 'exec@lookerflow.example']));
    const board = await runToEnd('queryToDashboard', {
      query: { model: 'ecommerce', view: 'order_items', fields: ['products.category', 'order_items.total_revenue'] },
      dashboard: { title: 'Audited revenue board' },
    });

    const audits = await Promise.all([first, second, board].map((id) => jobs.auditJob(id)));
    assert.deepEqual(audits.flatMap((a) => recorded(a.changes)).sort(), observedWrites());
    assert.ok(audits.every((a) => a.count > 0 && a.count === a.changes.length), JSON.stringify(audits.map((a) => a.counts)));

    const [created, updated, dashboard] = audits;
    const plan = created.changes.find((c) => c.operation === 'create_scheduled_plan')!;
    assert.equal(plan.action, 'create');
    assert.equal(plan.type, 'scheduled_plan');
    assert.equal(plan.activity, 'ensureScheduledPlan');
    assert.ok(plan.id && stack.emulator.admin.state().scheduled_plans[plan.id], 'the change names the object Looker made');
    assert.equal(plan.fields?.crontab?.after, '0 7 * * *');

    // The re-run updates the same plan and alert: each changed field with what it was.
    const alertUpdate = updated.changes.find((c) => c.operation === 'update_alert')!;
    assert.equal(alertUpdate.action, 'update');
    assert.equal(alertUpdate.id, created.changes.find((c) => c.operation === 'create_alert')!.id);
    const emails = (value: unknown) => (value as Array<{ email_address: string }>).map((d) => d.email_address);
    const destinations = alertUpdate.fields!.destinations;
    assert.deepEqual(emails(destinations.before), ['growth@lookerflow.example']);
    assert.deepEqual(emails(destinations.after), ['growth@lookerflow.example', 'exec@lookerflow.example']);
    assert.equal(alertUpdate.fields?.threshold, undefined, 'fields that did not change are left out');
    const planUpdate = updated.changes.find((c) => c.operation === 'update_scheduled_plan')!;
    assert.equal(planUpdate.id, plan.id);
    assert.ok(planUpdate.fields?.scheduled_plan_destination, JSON.stringify(planUpdate));
    assert.ok(Array.isArray((planUpdate.fields!.scheduled_plan_destination as { before?: unknown }).before), 'the plan as read before');

    assert.deepEqual(dashboard.counts, { 'create dashboard': 1, 'create dashboard_element': 1 });
    const made = dashboard.changes.find((c) => c.type === 'dashboard')!;
    assert.equal(made.page, `/dashboards/${made.id}`, 'the change names the object’s page in Looker');
    assert.equal(dashboard.querySource, `lookerflow:queryToDashboard:${board}`);
  });

  it('a write whose answer was lost is in the change list with outcome unknown; answered writes and refusals are as before', async () => {
    stack.emulator.admin.injectFault({ kind: 'drop-after-apply', count: 1, operation: 'create_scheduled_plan' });
    stack.emulator.admin.injectFault({ status: 503, count: 1, operation: 'create_alert' });
    const jobId = await runToEnd('setupKpiMonitoring', kpi(4_500, ['lost@lookerflow.example']));
    assert.deepEqual(stack.emulator.admin.faults(), [], 'the answer was lost and the 503 answered');

    const plans = Object.values(stack.emulator.admin.state().scheduled_plans).filter((p) => p.destinations.some((d) => d.address === 'lost@lookerflow.example'));
    assert.equal(plans.length, 1, 'the retry found the plan Looker had made and made no other');
    const audit = await jobs.auditJob(jobId);
    assert.deepEqual(recorded(audit.changes).sort(), observedWrites(), 'the change list covers every write Looker applied');
    const lost = audit.changes.find((c) => c.operation === 'create_scheduled_plan')!;
    assert.equal(lost.outcome, 'unknown');
    assert.equal(lost.action, 'create');
    assert.equal(lost.type, 'scheduled_plan');
    assert.equal(lost.id, undefined, 'no answer named the object');
    assert.equal(lost.fields?.crontab?.after, '0 7 * * *', 'the fields as sent');
    const alert = audit.changes.find((c) => c.operation === 'create_alert')!;
    assert.equal(alert.outcome, undefined, 'an answered write is recorded as before');
    assert.ok(alert.id && stack.emulator.admin.state().alerts[alert.id]);
    assert.deepEqual(audit.counts, { 'create scheduled_plan (outcome unknown)': 1, 'create alert': 1 }, 'the 503 is not a change');
    assert.equal(audit.outcomeUnknown, 1);

    const lines: string[] = [];
    const out = { log: (line: string) => lines.push(line), error: (line: string) => lines.push(line) };
    const env = { TEMPORAL_ADDRESS: (await useTemporal()).address, LOOKERFLOW_TASK_QUEUE: stack.taskQueue };
    assert.equal(await runCli(['jobs', 'audit', jobId], env, out as never), 0, lines.join('\n'));
    assert.match(lines.join('\n'), /2 change\(s\) in Looker \(1 with outcome unknown: sent, no answer came back, Looker may have applied it\)/);
    assert.match(lines.join('\n'), /unknown\s+create\s+scheduled_plan/);
  });

  it('query tasks carry lookerflow:<jobType>:<jobId>, and System Activity attributes each query to its job', async () => {
    const jobId = await runToEnd('queryToDashboard', {
      query: { model: 'ecommerce', view: 'order_items', fields: ['products.category'] },
      dashboard: { title: 'Sourced board' },
    });
    const tasks = Object.values(stack.emulator.admin.state().query_tasks);
    assert.ok(tasks.length > 0);
    for (const task of tasks) assert.equal(task.source, `lookerflow:queryToDashboard:${jobId}`);
    const { emulator } = stack;
    const sdk = makeSdk(emulator.baseUrl, emulator.clientId, emulator.clientSecret);
    const rows = (await sdk.ok(
      sdk.run_inline_query({ result_format: 'json', body: { model: 'system__activity', view: 'history', fields: ['history.source', 'history.query_run_count'], filters: { 'history.source': `lookerflow:queryToDashboard:${jobId}` } } }),
    )) as unknown as Array<Record<string, unknown>>;
    assert.equal(rows.length, 1, JSON.stringify(rows));
    assert.ok(Number(rows[0]['history.query_run_count']) >= 1);
  });

  it('`lookerflow jobs audit` prints the change list; get_job names it for MCP to link', async () => {
    const jobId = await runToEnd('setupKpiMonitoring', kpi(3_000, ['ops@lookerflow.example']));
    const lines: string[] = [];
    const out = { log: (line: string) => lines.push(line), error: (line: string) => lines.push(line) };
    const env = { TEMPORAL_ADDRESS: (await useTemporal()).address, LOOKERFLOW_TASK_QUEUE: stack.taskQueue };
    assert.equal(await runCli(['jobs', 'audit', jobId, '--json'], env, out as never), 0, lines.join('\n'));
    const audit = JSON.parse(lines.join('\n'));
    assert.equal(audit.count, 2);
    assert.deepEqual(audit.counts, { 'create scheduled_plan': 1, 'create alert': 1 });
    lines.length = 0;
    assert.equal(await runCli(['jobs', 'audit', jobId], env, out as never), 0);
    assert.match(lines.join('\n'), /2 change\(s\) in Looker; queries carry source lookerflow:setupKpiMonitoring:/);
    assert.match(lines.join('\n'), /create\s+scheduled_plan/);

    const report = await jobs.getJob(jobId);
    assert.equal(report.changesPath, changeListPath(jobId));
    const mcp = await spawnStdioMcp(stack, 'audit-trail-test');
    try {
      const answer = (await mcp.callTool({ name: 'get_job', arguments: { jobId } })) as CallToolResult;
      const uri = `lookerflow://files/${changeListPath(jobId)}`;
      assert.ok(answer.content.some((c) => c.type === 'resource_link' && c.uri === uri), JSON.stringify(answer.content));
      const text = ((await mcp.readResource({ uri })).contents[0] as { text: string }).text;
      assert.deepEqual(text.trim().split('\n').map((line) => JSON.parse(line).operation).sort(), ['create_alert', 'create_scheduled_plan']);
    } finally {
      await mcp.close();
    }
  });
});
