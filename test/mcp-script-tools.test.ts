// Code mode over MCP (Streamable HTTP) against the real worker, dev server and emulator:
// search_operations, describe_operation, call_operation and run_script (with its dry run and
// without approval), and a read-only server refusing a script's first write.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { Client as McpClient } from '@modelcontextprotocol/sdk/client/index.js';
import { createJobService, type JobService } from '../jobs/job-service';
import { OPEN_POLICY, type AccessPolicy } from '../mcp/policy';
import { useFreshLookerStack } from './fresh-stack';
import { callError, callOk, useHttpMcp } from './mcp-helpers';
import { writeCalls } from './job-helpers';

const getStack = useFreshLookerStack({ seed: 'demo' });
let jobService: JobService;
const connectWith = useHttpMcp('mcp-script-test');
const connect = (policy: AccessPolicy): Promise<McpClient> => connectWith(jobService, policy);

describe('MCP code mode', () => {
  let open: McpClient;
  let readOnly: McpClient;
  before(async () => {
    const stack = getStack();
    jobService = createJobService({ client: stack.client, taskQueue: stack.taskQueue, uiBaseUrl: 'http://ui' });
    open = await connect(OPEN_POLICY);
    readOnly = await connect({ allowsWrites: false });
  });

  it('search_operations finds operations by keywords; describe_operation shows parameters and an example', async () => {
    const { operations } = await callOk(open, 'search_operations', { query: 'run look' });
    assert.deepEqual(operations[0], { id: 'run_look', class: 'read', summary: 'Run Look' });
    const described = await callOk(open, 'describe_operation', { id: 'run_look' });
    assert.equal(described.example, 'await looker.run_look({"look_id":"…","result_format":"…"})');
    assert.ok(described.parameters.some((p: { name: string }) => p.name === 'limit'));
    assert.match(await callError(open, 'describe_operation', { id: 'login_user' }), /no Looker operation `login_user` that scripts may call/);
  });

  it('call_operation answers a read and refuses a write', async () => {
    const { answer } = await callOk(open, 'call_operation', { id: 'dashboard', params: { dashboard_id: '1', fields: 'id,title' } });
    assert.deepEqual(answer, { id: '1', title: 'Daily Active Users' });
    assert.match(await callError(open, 'call_operation', { id: 'create_group', params: { body: { name: 'x' } } }), /`create_group` changes Looker: call_operation runs reads only; use run_script/);
  });

  it('run_script starts a job followed with wait_for_job', async () => {
    const started = await callOk(open, 'run_script', { script: `const d = await looker.dashboard({ dashboard_id: input.id }); return d.title`, input: { id: '1' } });
    const done = await callOk(open, 'wait_for_job', { jobId: started.jobId, timeoutSeconds: 60 });
    assert.equal(done.status, 'completed');
    assert.equal(done.result.value, 'Daily Active Users');
  });

  it('run_script with dryRun answers with the plan; with requireApproval false the writes are made in the same two calls', async () => {
    const script = `const g = await looker.create_group({ body: { name: input } }); return g.id`;
    const planned = await callOk(open, 'run_script', { script, input: 'Planned over MCP', dryRun: true });
    const dry = await callOk(open, 'wait_for_job', { jobId: planned.jobId, timeoutSeconds: 50 });
    assert.deepEqual(dry.result.plan, [{ operation: 'create_group', params: { body: { name: 'Planned over MCP' } } }]);
    const groups = () => Object.values(getStack().emulator.admin.state().groups).filter((g) => g.name === 'Made over MCP');
    assert.deepEqual(groups(), []);
    const started = await callOk(open, 'run_script', { script, input: 'Made over MCP', requireApproval: false });
    const done = await callOk(open, 'wait_for_job', { jobId: started.jobId, timeoutSeconds: 50 });
    assert.equal(done.status, 'completed');
    assert.deepEqual(groups().map((g) => g.id), [done.result.value]);
  });

  it('on a read-only server a script is refused at its first write, with nothing written', async () => {
    getStack().emulator.admin.clearCalls();
    const started = await callOk(readOnly, 'run_script', { script: `await looker.user({ user_id: '1' }); await looker.create_group({ body: { name: 'Refused' } }); return 1` });
    // A failed job is an error answer (isError) that still carries the structured report.
    const text = await callError(readOnly, 'wait_for_job', { jobId: started.jobId, timeoutSeconds: 50 });
    const done = JSON.parse(text);
    assert.equal(done.status, 'failed');
    assert.match(text, /Access refused: `create_group` changes Looker and this server is read-only\. Done before: 1 Looker call\(s\); writes made: none/);
    assert.deepEqual(writeCalls(getStack().emulator), []);
  });
});
