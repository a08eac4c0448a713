// Saved scripts as job types, over MCP (Streamable HTTP) against the real worker, dev server and
// emulator: save_script makes versions, list_job_types lists script:<name>, start_job checks
// the input against the saved schema, a Temporal Schedule runs the version it was made with,
// and a script that writes is saved only once its plan is approved.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { Client as McpClient } from '@modelcontextprotocol/sdk/client/index.js';
import { createJobService, type JobService } from '../jobs/job-service';
import { OPEN_POLICY, type AccessPolicy } from '../mcp/policy';
import { waitFor } from '../scripts/wait-for';
import { useFreshLookerStack } from './fresh-stack';
import { assertStartsNothing, callError, callOk, useHttpMcp } from './mcp-helpers';

const getStack = useFreshLookerStack({ seed: 'demo' });
let jobService: JobService;
const connectWith = useHttpMcp('saved-scripts-test');
const connect = (policy: AccessPolicy, service: JobService = jobService): Promise<McpClient> => connectWith(service, policy);

const titleScript = `const d = await looker.dashboard({ dashboard_id: input.id, fields: 'id,title' }); return d.title;`;
const titleSchema = { type: 'object', properties: { id: { type: 'string', description: 'a dashboard id' } }, required: ['id'] };

describe('saved scripts', () => {
  let mcp: McpClient;
  let readOnly: McpClient;
  before(async () => {
    const stack = getStack();
    jobService = createJobService({ client: stack.client, taskQueue: stack.taskQueue, uiBaseUrl: 'http://ui' });
    mcp = await connect(OPEN_POLICY);
    readOnly = await connect({ allowsWrites: false });
  });

  async function save(args: Record<string, unknown>) {
    const started = await callOk(mcp, 'save_script', args);
    return callOk(mcp, 'wait_for_job', { jobId: started.jobId, timeoutSeconds: 50 });
  }

  it('save_script saves v1 after a dry run on the example; the same script again is v1, a changed one v2', async () => {
    const first = await save({ name: 'dashboard-title', script: titleScript, description: 'The title of a dashboard.', inputSchema: titleSchema, exampleInput: { id: '1' } });
    assert.equal(first.status, 'completed');
    assert.deepEqual({ ...first.result, plan: undefined }, { saved: true, name: 'dashboard-title', version: 1, path: 'scripts/dashboard-title/v1.json', created: true, writes: false, plan: undefined });
    const again = await save({ name: 'dashboard-title', script: titleScript, description: 'The title of a dashboard.', inputSchema: titleSchema });
    assert.equal(again.result.version, 1);
    assert.equal(again.result.created, false);
    const second = await save({ name: 'dashboard-title', script: titleScript, description: 'The title of one dashboard, by id.', inputSchema: titleSchema });
    assert.equal(second.result.version, 2);
    const stored = JSON.parse((await jobService.files.read('scripts/dashboard-title/v1.json')).data.toString('utf8'));
    assert.equal(stored.description, 'The title of a dashboard.', 'v1 is kept as it was');
    assert.equal(stored.savedBy, 'mcp');
  });

  it('save_script refuses a bad schema or an example that does not fit it, naming the field', async () => {
    const text = await callError(mcp, 'save_script', { name: 'bad one', script: titleScript, inputSchema: { type: 'object', properties: { id: { type: 'text' } } }, exampleInput: { id: 1 } });
    assert.match(text, /name/);
    assert.match(text, /inputSchema\.properties\.id\.type/);
  });

  it('list_job_types lists script:<name> at its latest version, with its schema and whether it writes', async () => {
    const { jobTypes } = await callOk(mcp, 'list_job_types');
    const listed = jobTypes.find((j: { type: string }) => j.type === 'script:dashboard-title');
    assert.ok(listed, 'script:dashboard-title is listed');
    assert.equal(listed.purpose, 'The title of one dashboard, by id.');
    assert.equal(listed.writes, false);
    assert.deepEqual(listed.inputSchema.required, ['id']);
    assert.equal(listed.inputSchema.properties.id.type, 'string');
  });

  it('start_job refuses a bad input naming the field and starts nothing; a good one runs the saved version', async () => {
    await assertStartsNothing(mcp, getStack(), async () => {
      const text = await callError(mcp, 'start_job', { type: 'script:dashboard-title', input: { id: 1, extra: true } });
      assert.match(text, /id/);
      assert.match(text, /extra/);
    });
    const started = await callOk(mcp, 'start_job', { type: 'script:dashboard-title', input: { id: '1' } });
    const done = await callOk(mcp, 'wait_for_job', { jobId: started.jobId, timeoutSeconds: 50 });
    assert.equal(done.status, 'completed');
    assert.equal(done.result.value, 'Daily Active Users');
    const description = await getStack().client.workflow.getHandle(started.jobId).describe();
    assert.equal(description.type, 'runScript');
    assert.equal(await description.staticSummary(), 'Run saved script dashboard-title v2');
    assert.match(await callError(mcp, 'start_job', { type: 'script:no-such', input: {} }), /No saved script `script:no-such`. Saved: script:dashboard-title/);

    // list_jobs by the saved script's type finds its runs (runScript runs named by their target), and lists them by that type.
    const other = await callOk(mcp, 'start_job', { type: 'runScript', input: { script: `return 1` } });
    await callOk(mcp, 'wait_for_job', { jobId: other.jobId, timeoutSeconds: 50 });
    const listed = await waitFor('the run in visibility', async () => {
      const { jobs } = await callOk(mcp, 'list_jobs', { type: 'script:dashboard-title' });
      return jobs.some((j: { jobId: string }) => j.jobId === started.jobId) ? jobs : undefined;
    }, { timeoutMs: 20_000 });
    assert.deepEqual(listed.map((j: { jobId: string; type: string }) => [j.jobId, j.type]), [[started.jobId, 'script:dashboard-title']]);
    const { jobs: scripts } = await callOk(mcp, 'list_jobs', { type: 'runScript' });
    const typeOf = (jobId: string) => scripts.find((j: { jobId: string }) => j.jobId === jobId)?.type;
    assert.equal(typeOf(started.jobId), 'script:dashboard-title', 'all runScript runs, a saved script’s by its own type');
    assert.equal(typeOf(other.jobId), 'runScript');
  });

  it('a Temporal Schedule runs the saved script with the input it gives, at the version it was created with', async () => {
    const schedule = await callOk(mcp, 'create_schedule', { type: 'script:dashboard-title', input: { id: '2' }, cron: '0 6 * * MON', paused: true });
    // A later save changes no schedule made before it.
    await save({ name: 'dashboard-title', script: `return 'v3 ' + input.id`, description: 'Changed.', inputSchema: titleSchema });
    const handle = getStack().client.schedule.getHandle(schedule.scheduleId);
    await handle.trigger();
    const jobId = await waitFor('the scheduled job', async () => (await handle.describe()).info.recentActions[0]?.action.workflow.workflowId, { timeoutMs: 30_000 });
    const done = await callOk(mcp, 'wait_for_job', { jobId, timeoutSeconds: 50 });
    assert.equal(done.status, 'completed');
    const title = getStack().emulator.admin.state().dashboards['2']?.title;
    assert.equal(done.result.value, title);
    // Listed by the script's type, on a read-only server too (the script reads); that server may pause it.
    for (const client of [mcp, readOnly]) {
      const { schedules } = await callOk(client, 'list_schedules');
      assert.equal(schedules.find((s: { scheduleId: string }) => s.scheduleId === schedule.scheduleId)?.type, 'script:dashboard-title');
    }
    assert.equal((await callOk(readOnly, 'pause_schedule', { scheduleId: schedule.scheduleId, reason: 'checked' })).paused, true);
    await handle.delete();
  });

  it('a script that writes is saved only after its plan is approved, then runs from start_job without asking again', async () => {
    const script = `const g = await looker.create_group({ body: { name: input.name } }); return g.id;`;
    const schema = { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] };
    const waiting = await save({ name: 'make-group', script, inputSchema: schema, exampleInput: { name: 'Planned Saved Group' } });
    assert.equal(waiting.status, 'waiting-for-approval');
    assert.match(waiting.approval.summary, /create_group .*Planned Saved Group/);
    assert.deepEqual(await jobService.files.list('scripts/make-group'), [], 'nothing saved before approval');
    const groups = (name: string) => Object.values(getStack().emulator.admin.state().groups).filter((g) => g.name === name);
    assert.deepEqual(groups('Planned Saved Group'), [], 'the dry run wrote nothing');
    // Not listed on a read-only server, nor startable there.
    await jobService.decide(waiting.jobId, { approved: true, reason: 'reviewed the plan', by: 'operator:reviewer' });
    const saved = await callOk(mcp, 'wait_for_job', { jobId: waiting.jobId, timeoutSeconds: 50 });
    assert.deepEqual([saved.status, saved.result.saved, saved.result.version, saved.result.writes], ['completed', true, 1, true]);

    const { jobTypes } = await callOk(readOnly, 'list_job_types');
    assert.ok(!jobTypes.some((j: { type: string }) => j.type === 'script:make-group'), 'a read-only server does not list it');
    assert.match(await callError(readOnly, 'start_job', { type: 'script:make-group', input: { name: 'x' } }), /changes Looker and this server is read-only/);

    const started = await callOk(mcp, 'start_job', { type: 'script:make-group', input: { name: 'Saved Script Group' } });
    const done = await callOk(mcp, 'wait_for_job', { jobId: started.jobId, timeoutSeconds: 50 });
    assert.equal(done.status, 'completed');
    assert.deepEqual(groups('Saved Script Group').map((g) => g.id), [done.result.value]);

    // Its schedule: listed on the open server, neither listed nor paused on the read-only one.
    const schedule = await callOk(mcp, 'create_schedule', { type: 'script:make-group', input: { name: 'Weekly Group' }, cron: '0 6 * * MON', paused: true });
    try {
      const listedBy = async (client: McpClient) => (await callOk(client, 'list_schedules')).schedules.some((s: { scheduleId: string }) => s.scheduleId === schedule.scheduleId);
      assert.equal(await listedBy(mcp), true);
      assert.equal(await listedBy(readOnly), false);
      assert.match(await callError(readOnly, 'unpause_schedule', { scheduleId: schedule.scheduleId, reason: 'no' }), /read-only/);
    } finally {
      await getStack().client.schedule.getHandle(schedule.scheduleId).delete();
    }
  });

  it('with no worker to read saved scripts, list_job_types still lists the built-in jobs and says so', async () => {
    const stack = getStack();
    const noWorker = createJobService({ client: stack.client, taskQueue: `${stack.taskQueue}-no-worker`, uiBaseUrl: 'http://ui' });
    const answer = await callOk(await connect(OPEN_POLICY, noWorker), 'list_job_types');
    assert.ok(answer.jobTypes.some((j: { type: string }) => j.type === 'onboardUser'));
    assert.ok(!answer.jobTypes.some((j: { type: string }) => j.type.startsWith('script:')));
    assert.match(answer.savedScripts, /saved scripts \(script:<name>\) could not be read/);
  });
});
