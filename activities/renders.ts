// renderToFile: a dashboard, Look, query or dashboard tile rendered by Looker into a file.
// Create a render task → poll render_task → download render_task_results → file store.
// Like runQuery, a retried attempt resumes the heartbeated render task.
import { ApplicationFailure, Context } from '@temporalio/activity';
import type { IRenderTask } from '@looker/sdk';
import type { FileStore, StoredFile } from './file-store';
import { jobFileName } from './file-store';
import { ifFound } from './looker-api-error';
import type { LookerClient } from './looker-client';
import { pollUntilDone, previousTaskId, type PollResult } from './polling';
import { heartbeatWhile } from './activity-wait';
import { pollerFor } from './task-poller';

export type RenderFormat = 'pdf' | 'png' | 'jpg';

const CONTENT_TYPES: Record<RenderFormat, string> = { pdf: 'application/pdf', png: 'image/png', jpg: 'image/jpeg' };

export interface RenderToFileInput {
  jobId: string;
  /** What to render; dashboard_element and query render png/jpg only. */
  target: { type: 'dashboard' | 'look' | 'query' | 'dashboard_element'; id: string };
  format: RenderFormat;
  width: number;
  height: number;
  /** File name in the store (default `<type>-<id>.<format>`). */
  fileName?: string;
  /** Dashboards only. */
  dashboardFilters?: string;
  dashboardStyle?: 'single_column' | 'tiled';
  pdfPaperSize?: string;
  pdfLandscape?: boolean;
  longTables?: boolean;
}

export function createRenderActivities({ looker, files }: { looker: LookerClient; files: FileStore }) {
  function createRenderTask(input: RenderToFileInput): Promise<IRenderTask> {
    const { target, format, width, height } = input;
    switch (target.type) {
      case 'dashboard':
        return looker.call('create_dashboard_render_task', (sdk) =>
          sdk.create_dashboard_render_task({
            dashboard_id: target.id,
            result_format: format,
            width,
            height,
            body: { dashboard_filters: input.dashboardFilters, dashboard_style: input.dashboardStyle },
            pdf_paper_size: input.pdfPaperSize,
            pdf_landscape: input.pdfLandscape,
            long_tables: input.longTables,
          }),
        );
      case 'look':
        return looker.call('create_look_render_task', (sdk) => sdk.create_look_render_task(target.id, format, width, height));
      case 'query':
        return looker.call('create_query_render_task', (sdk) => sdk.create_query_render_task(target.id, format, width, height));
      case 'dashboard_element':
        return looker.call('create_dashboard_element_render_task', (sdk) =>
          sdk.create_dashboard_element_render_task(target.id, format, width, height),
        );
    }
  }

  async function checkRenderTask(renderTaskId: string): Promise<PollResult<'success' | 'expired'>> {
    const task: IRenderTask | undefined = await ifFound(heartbeatWhile(pollerFor(looker).renderTask(renderTaskId, Context.current().cancellationSignal)), undefined);
    if (!task) return { done: true, status: 'expired', value: 'expired' };
    const status = task.status ?? 'unknown';
    if (status === 'success') return { done: true, status, value: 'success' };
    if (status === 'failure') {
      throw ApplicationFailure.create({
        type: 'LookerRenderFailed',
        nonRetryable: true,
        message: `Looker render task ${renderTaskId} failed: ${task.status_detail ?? 'no detail from Looker'}`,
        details: [{ renderTaskId, statusDetail: task.status_detail ?? null }],
      });
    }
    return { done: false, status };
  }

  async function download(input: RenderToFileInput, renderTaskId: string): Promise<StoredFile> {
    // The SDK hands binary bodies over as a latin1 ("binary") string: one char per byte.
    const body = await looker.call('render_task_results', (sdk) => sdk.render_task_results(renderTaskId));
    const name = input.fileName ?? `${input.target.type}-${input.target.id}.${input.format}`;
    return files.save(jobFileName(input.jobId, 'renderToFile', name), Buffer.from(body, 'latin1'), CONTENT_TYPES[input.format]);
  }

  return {
    /** Renders and stores the file; returns where it is (needs a heartbeatTimeout; see LOOKER_ACTIVITY_OPTIONS.render). */
    async renderToFile(input: RenderToFileInput): Promise<StoredFile> {
      const resumed = previousTaskId('renderTaskId');
      if (resumed) {
        const outcome = await pollUntilDone({
          field: 'renderTaskId',
          taskId: resumed.taskId,
          pollsSoFar: resumed.polls,
          paced: true,
          check: () => checkRenderTask(resumed.taskId),
        });
        if (outcome === 'success') return heartbeatWhile(download(input, resumed.taskId), { renderTaskId: resumed.taskId, polls: resumed.polls, status: outcome });
      }
      const task = await heartbeatWhile(createRenderTask(input), { polls: 0, status: 'starting' });
      if (!task.id) throw new Error('Looker created a render task without an id');
      const renderTaskId = task.id;
      const outcome = await pollUntilDone({ field: 'renderTaskId', taskId: renderTaskId, paced: true, check: () => checkRenderTask(renderTaskId) });
      if (outcome === 'expired') {
        throw ApplicationFailure.retryable(`Looker render task ${renderTaskId} disappeared before it finished`, 'LookerUnavailable');
      }
      return heartbeatWhile(download(input, renderTaskId), { renderTaskId, polls: 0, status: outcome });
    },
  };
}
