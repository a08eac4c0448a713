// renderDashboard against the emulator on a real worker: the file lands in the file store
// (only its path in history), filters reach Looker, a failed render is final, a 429 storm and
// a worker restart mid-render both end with the one render task.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { renderDashboardJob } from '../jobs/render-dashboard';
import { waitFor } from '../scripts/wait-for';
import type { RenderDashboardResult } from '../contracts/render-dashboard';
import { jobFailure, runParsedJob, schemaError } from './job-helpers';
import { startLookerStack, type LookerStack } from './stack';

const stackReady = startLookerStack({ seed: 'demo', renderDurationMs: 200 });
let stack: LookerStack;
before(async () => {
  stack = await stackReady;
});

const run = (input: Record<string, unknown>) => runParsedJob<typeof renderDashboardJob.input, RenderDashboardResult>(stack, renderDashboardJob, input as never);

function renderTasks() {
  return Object.values(stack.emulator.admin.state().render_tasks);
}

function storedFile(result: RenderDashboardResult): Buffer {
  return readFileSync(join(stack.filesDir, result.path));
}

describe('renderDashboard', () => {
  it('renders the DAU dashboard to a PDF in the file store', async () => {
    const tasksBefore = renderTasks().length;
    const result = await run({ dashboardId: '1', format: 'pdf', width: 1200, height: 900 });

    assert.equal(result.contentType, 'application/pdf');
    assert.match(result.path, /\/renderToFile\/dashboard-1\.pdf$/);
    const file = storedFile(result);
    assert.equal(file.subarray(0, 5).toString('latin1'), '%PDF-', 'PDF magic bytes');
    assert.equal(file.length, result.bytes);

    const tasks = renderTasks().slice(tasksBefore);
    assert.equal(tasks.length, 1);
    assert.deepEqual([tasks[0].dashboard_id, tasks[0].result_format, tasks[0].width, tasks[0].height], ['1', 'pdf', 1200, 900]);
  });

  it('renders a PNG with the dashboard filters passed to Looker', async () => {
    const result = await run({ dashboardId: '5', format: 'png', filters: { Category: 'Jeans & Shorts', Date: '30 days' } });

    assert.equal(result.contentType, 'image/png');
    assert.deepEqual([...storedFile(result).subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47], 'PNG magic bytes');
    const task = renderTasks().at(-1)!;
    assert.equal(task.dashboard_filters, 'Category=Jeans%20%26%20Shorts&Date=30%20days');
    assert.deepEqual([task.width, task.height], [1280, 1024], 'default size');
  });

  it('a render Looker fails is final: one render task, a LookerRenderFailed failure', async () => {
    const tasksBefore = renderTasks().length;
    stack.emulator.admin.injectFault({ kind: 'render-failure', count: 1 });
    const failure = await jobFailure(run({ dashboardId: '1', format: 'pdf' }));

    assert.equal(failure.type, 'LookerRenderFailed');
    assert.equal(renderTasks().length, tasksBefore + 1, 'not retried');
  });

  it('an unknown dashboard fails as DashboardNotFound before any render task', async () => {
    const tasksBefore = renderTasks().length;
    const failure = await jobFailure(run({ dashboardId: '99999', format: 'pdf' }));
    assert.equal(failure.type, 'DashboardNotFound');
    assert.equal(failure.message, 'No dashboard with id 99999');
    assert.equal(renderTasks().length, tasksBefore);
  });

  it('completes under a 429 storm with the same file', async () => {
    const calm = await run({ dashboardId: '3', format: 'jpg', width: 800, height: 600 });
    // Four 429s on the render call itself, two more anywhere: every one is waited out (the
    // render preset retries without an attempt limit until its schedule-to-close time).
    stack.emulator.admin.injectFault({ status: 429, count: 4, retryAfterSeconds: 1, operation: 'create_dashboard_render_task' });
    stack.emulator.admin.injectFault({ status: 429, count: 2, retryAfterSeconds: 1 });
    const stormy = await run({ dashboardId: '3', format: 'jpg', width: 800, height: 600 });

    assert.deepEqual(stack.emulator.admin.faults(), [], 'all six 429s were answered');
    assert.deepEqual({ ...stormy, path: '' }, { ...calm, path: '' });
    assert.deepEqual(storedFile(stormy), storedFile(calm));
  });

  it('a worker stopped mid-render: the next worker resumes the same render task', async () => {
    stack.emulator.admin.configure({ renderDurationMs: 4000 });
    try {
      const tasksBefore = renderTasks().length;
      const handle = await stack.client.workflow.start('renderDashboard', {
        taskQueue: stack.taskQueue,
        workflowId: `render-restart-${stack.taskQueue}`,
        args: [renderDashboardJob.input.parse({ dashboardId: '2', format: 'pdf' })],
      });
      await waitFor('the render task to start', () => (renderTasks().length > tasksBefore ? true : undefined));
      await stack.worker.stop();
      // Left running for the tests after this one; the harness stops it after the file.
      await stack.startWorker('replacement');

      const result = (await handle.result()) as RenderDashboardResult;

      assert.equal(storedFile(result).subarray(0, 5).toString('latin1'), '%PDF-');
      assert.equal(renderTasks().length, tasksBefore + 1, 'the retried activity resumed the heartbeated task');
    } finally {
      stack.emulator.admin.configure({ renderDurationMs: 200 });
    }
  });

  it('refuses bad inputs with a message naming the problem', () => {
    assert.match(schemaError(renderDashboardJob, { dashboardId: '1', format: 'gif' }), /format must be pdf, png or jpg/);
    assert.match(schemaError(renderDashboardJob, { dashboardId: 'daily', format: 'pdf' }), /dashboardId must be a numeric dashboard id/);
    assert.match(schemaError(renderDashboardJob, { dashboardId: '1', width: 10 }), /width must be at least 100 pixels/);
  });
});
