// runScript on the real dev server and worker, the real SDK and the emulator's demo seed:
// reads, writes, dry run, approval of the plan, the access policy and the script's budgets.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { WorkflowHandle } from '@temporalio/client';
import type { ApprovalState } from '../contracts/approval';
import type { RunScriptResult } from '../contracts/run-script';
import { RunScriptInput } from '../jobs/run-script';
import { waitFor } from '../scripts/wait-for';
import { useFreshLookerStack } from './fresh-stack';
import { jobFailure, writeCalls } from './job-helpers';

const stack = useFreshLookerStack({ seed: 'demo' });
let runs = 0;

const runScript = (input: Record<string, unknown>) => stack().runJob<RunScriptResult>('runScript', RunScriptInput.parse(input));

function startScript(input: Record<string, unknown>): Promise<WorkflowHandle> {
  return stack().client.workflow.start('runScript', {
    taskQueue: stack().taskQueue,
    workflowId: `runScript-${stack().taskQueue}-approval-${++runs}`,
    args: [RunScriptInput.parse(input)],
    workflowExecutionTimeout: '2m',
  });
}

const groupNames = () => Object.values(stack().emulator.admin.state().groups).map((g) => g.name);

describe('runScript: reads and writes', () => {
  it('a reading script gets answers from any operation, with positional and request-object parameters', async () => {
    const result = await runScript({
      script: `
        const me = await looker.user({ user_id: '1', fields: 'id,email' });
        const boards = await looker.search_dashboards({ title: input.title, fields: 'id,title' });
        log('found', boards.length);
        progress(1, 1, 'done');
        return { email: me.email, boards };`,
      input: { title: 'Daily Active Users' },
    });
    assert.equal(result.mode, 'run');
    const value = result.value as { email: unknown; boards: unknown };
    assert.equal(typeof value.email, 'string');
    assert.deepEqual(value.boards, [{ id: '1', title: 'Daily Active Users' }]);
    assert.equal(result.calls, 2);
    assert.deepEqual(result.writes, []);
    assert.deepEqual(result.logs, ['found 1']);
    assert.ok(result.steps > 0 && result.lookerMs >= 0);
  });

  it('parallel lanes each compute between their Looker calls (each lane resumed has its own step allowance)', async () => {
    const handle = await startScript({
      requireApproval: false,
      script: `
        const compute = (n) => { let s = 0; for (let i = 0; i < 25; i++) { s += i * n; } return s; };
        const sums = await parallel(['1', '2', '3', '1', '2', '3'], 6, async (id) => {
          const user = await looker.user({ user_id: id, fields: 'id' });
          return compute(Number(user.id));
        });
        return sums;`,
    });
    const result = (await handle.result()) as RunScriptResult;
    assert.deepEqual(result.value, [300, 600, 900, 300, 600, 900]);
    const { searchAttributes } = await handle.describe();
    assert.ok((searchAttributes.TemporalChangeVersion as string[]).includes('script-steps-per-lane'), 'the run takes the per-lane path');
  });

  it('looker.query checks fields first (did you mean) and returns rows', async () => {
    const result = await runScript({
      script: `
        let typo;
        try { await looker.query({ model: 'ecommerce', explore: 'order_items', fields: ['order_items.revenue'] }); }
        catch (e) { typo = e.message; }
        const answer = await looker.query({ model: 'ecommerce', explore: 'order_items', fields: ['products.category', 'order_items.total_revenue'], limit: 3 });
        return { typo, rows: answer.rows.length };`,
    });
    const value = result.value as { typo: string; rows: number };
    assert.match(value.typo, /no field `order_items.revenue` \(fields\); did you mean `order_items.total_revenue`/);
    assert.equal(value.rows, 3);
  });

  it('a query task answers with rows and a render task with a stored file, not task ids', async () => {
    const result = await runScript({
      script: `
        const q = await looker.create_query({ body: { model: 'ecommerce', view: 'order_items', fields: ['products.category'], limit: '2' } });
        const rows = await looker.create_query_task({ body: { query_id: q.id, result_format: 'json' } });
        const pdf = await looker.create_dashboard_render_task({ dashboard_id: '1', result_format: 'pdf', width: 800, height: 600, body: {} });
        return { rows: rows.rowCount, file: pdf.file };`,
    });
    const value = result.value as { rows: number; file: { path: string; bytes: number; contentType: string } };
    assert.equal(value.rows, 2);
    assert.equal(value.file.contentType, 'application/pdf');
    assert.ok(value.file.bytes > 0 && value.file.path.endsWith('.pdf'));
  });

  it('with requireApproval false, writes are sent and reported with the ids Looker gave', async () => {
    const result = await runScript({
      requireApproval: false,
      script: `
        const names = ['Scripted A', 'Scripted B', 'Scripted C'];
        const made = await parallel(names, 2, async (name) => (await looker.create_group({ body: { name } })).id);
        return made.length;`,
    });
    assert.equal(result.value, 3);
    assert.deepEqual(result.writes.map((w) => w.operation), ['create_group', 'create_group', 'create_group']);
    for (const name of ['Scripted A', 'Scripted B', 'Scripted C']) assert.equal(groupNames().filter((n) => n === name).length, 1, name);
    assert.deepEqual(result.writes.map((w) => w.id).sort(), Object.values(stack().emulator.admin.state().groups).filter((g) => g.name.startsWith('Scripted')).map((g) => g.id).sort());
  });

  it('a return value larger than limits.maxResultBytes goes to the file store', async () => {
    const result = await runScript({ script: `return 'x'.repeat(5000);`, limits: { maxResultBytes: 1000 } });
    assert.equal(result.value, undefined);
    assert.ok(result.valueRef && result.valueRef.bytes === 5002 && result.valueRef.path.endsWith('result.json'));
  });
});

describe('runScript: dry run, approval and policy', () => {
  const COPY_SOURCES = `
    const sources = (await looker.all_groups({ fields: 'id,name' })).filter((g) => g.name.startsWith('Source '));
    for (const g of sources) await looker.create_group({ body: { name: 'Copy of ' + g.name } });
    return sources.length;`;

  it('dryRun runs the reads and answers writes with placeholders; nothing is written', async () => {
    stack().emulator.admin.clearCalls();
    const result = await runScript({ dryRun: true, script: `const g = await looker.create_group({ body: { name: 'Planned' } }); await looker.add_group_user({ group_id: g.id, body: { user_id: '1' } }); return g.id;` });
    assert.equal(result.mode, 'dry-run');
    assert.equal(result.value, 'planned-1');
    assert.deepEqual(result.plan, [
      { operation: 'create_group', params: { body: { name: 'Planned' } } },
      { operation: 'add_group_user', params: { group_id: 'planned-1', body: { user_id: '1' } } },
    ]);
    assert.deepEqual(writeCalls(stack().emulator), []);
    assert.ok(!groupNames().includes('Planned'));
  });

  it('by default a writing script waits for approval of its plan, then makes exactly the planned writes', async () => {
    const handle = await startScript({ script: `const g = await looker.create_group({ body: { name: 'Approved Group' } }); await looker.add_group_user({ group_id: g.id, body: { user_id: '1' } }); return g.id;` });
    await waitFor('the plan to wait for approval', async () => ((await handle.query<ApprovalState>('approval')).status === 'waiting' ? true : undefined));
    const waiting = await handle.query<ApprovalState>('approval');
    assert.match((waiting as { summary: string }).summary, /2 write\(s\):\n1\. create_group .*Approved Group.*\n2\. add_group_user/);
    assert.ok(!groupNames().includes('Approved Group'), 'nothing is written before approval');
    await handle.executeUpdate('decide', { args: [{ approved: true, reason: 'checked', by: 'test' }] });
    const result = (await handle.result()) as RunScriptResult;
    assert.equal(result.approval?.status, 'approved');
    assert.deepEqual(result.writes.map((w) => w.operation), ['create_group', 'add_group_user']);
    const group = Object.values(stack().emulator.admin.state().groups).find((g) => g.name === 'Approved Group');
    assert.ok(group && result.value === group.id);
  });

  it('a script that diverges from its approved plan is stopped before the unplanned write', async () => {
    await createGroup('Source 1');
    const handle = await startScript({ script: COPY_SOURCES });
    await waitFor('the plan to wait for approval', async () => ((await handle.query<ApprovalState>('approval')).status === 'waiting' ? true : undefined));
    assert.match(((await handle.query<ApprovalState>('approval')) as { summary: string }).summary, /make 1 write\(s\)/);
    // Between the plan and the run, Looker changes: the script now wants a second write.
    await createGroup('Source 2');
    await handle.executeUpdate('decide', { args: [{ approved: true, by: 'test' }] });
    const failure = await jobFailure(handle.result());
    assert.equal(failure.type, 'UnplannedWrite');
    assert.match(failure.message, /^`create_group` \{"body":\{"name":"Copy of Source 2"\}\} is not in the approved plan; it was not sent\. Done before: \d+ Looker call\(s\); writes made: /);
    assert.ok(!groupNames().includes('Copy of Source 2'), 'the unplanned write was not sent');
    assert.ok(groupNames().filter((n) => n === 'Copy of Source 1').length <= 1);
  });

  it('on a read-only server the first write fails the job, naming it and what was done, with nothing written', async () => {
    stack().emulator.admin.clearCalls();
    const run = runScript({ allowWrites: false, requireApproval: false, script: `const u = await looker.user({ user_id: '1' }); try { await looker.create_group({ body: { name: 'Nope' } }); } catch (e) {} return 'carried on';` });
    const failure = await jobFailure(run);
    assert.equal(failure.type, 'ScriptWriteRefused');
    assert.equal(failure.message, 'Access refused: `create_group` changes Looker and this server is read-only. Done before: 1 Looker call(s); writes made: none');
    assert.deepEqual(writeCalls(stack().emulator), []);
  });

  it('privileged operations are refused', async () => {
    const failure = await jobFailure(runScript({ script: `return await looker.user_credentials_api3({ user_id: '1', credentials_api3_id: '1' });` }));
    assert.equal(failure.type, 'PrivilegedOperation');
  });
});

async function createGroup(name: string): Promise<void> {
  await runScript({ requireApproval: false, script: `await looker.create_group({ body: { name: input } }); return 1;`, input: name });
}

describe('runScript: the sandbox', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['process', `return process.env`, /process is not defined/],
    ['require', `return require('fs')`, /require is not defined/],
    ['globalThis', `return globalThis.process.env`, /globalThis is not defined|Cannot read properties of undefined/],
    ['a constructor chain', `return [].filter.constructor('return process')()`, /process is not defined|not permitted|not allowed/i],
    ['an async constructor chain', `return (async () => 1).constructor('return process')()`, /process is not defined|not permitted|not allowed/i],
    ['a host prototype', `Object.prototype.polluted = 1; return ({}).polluted`, /may not use: .*not permitted/],
    ['the wall clock', `return Date.now()`, /Date is not defined/],
    ['randomness', `return Math.random()`, /random is not a function/],
    ['an endless loop', `while (true) {}`, /ran 400 steps without waiting on a Looker call, sleep\(\) or approve\(\)/],
    ['an endless loop in a plain function', `const spin = () => { while (true) {} }; spin()`, /ran 400 steps without waiting/],
    ['a for loop without a condition', `const spin = () => { for (;;) {} }; spin()`, /write a `for \(…; ; …\)` loop without a condition as `while \(true\)`/],
    ['an endless loop that catches', `while (true) { try { while (true) {} } catch (e) {} }`, /ran 400 steps without waiting/],
    ['an endless loop that waits', `while (true) await sleep(1)`, /used its whole step budget of 200 steps/],
    ['a huge string', `return 'x'.repeat(1e9).length`, /memory budget allows 10000000/],
    ['a huge array', `return new Array(1e9).fill(0).length`, /without waiting|step budget/],
    ['a huge array in steps', `const a = []; const grow = () => { while (true) a.push(a.length) }; grow()`, /without waiting|step budget/],
    ['deep recursion', `function f(n) { return f(n + 1) + 1 } return f(0)`, /recursed too deeply|without waiting|step budget/],
  ];
  for (const [what, script, message] of cases) {
    it(`${what} fails the job with a clear error`, async () => {
      const failure = await jobFailure(runScript({ script, limits: { maxSteps: /await sleep/.test(script) ? 200 : 5000 } }));
      assert.match(failure.type ?? '', /^Script(Budget|Failed)/);
      assert.match(failure.message, message);
    });
  }

  it('the worker stays healthy afterwards', async () => {
    const result = await runScript({ script: `return [1, 2, 3].map((n) => n * 2)` });
    assert.deepEqual(result.value, [2, 4, 6]);
  });

  it('a script that does not parse fails naming the problem', async () => {
    const failure = await jobFailure(runScript({ script: `return )(` }));
    assert.match(failure.message, /does not parse/);
  });
});
