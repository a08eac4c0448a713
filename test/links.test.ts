// Links people can open: a job's dashboardUrl is on the Looker web address (what Looker reports
// at /versions, or LOOKERFLOW_LOOKER_WEB_URL), and uiUrl on LOOKERFLOW_TEMPORAL_UI_URL or the
// Temporal host the operator configured, never a loopback address nobody set.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createActivities } from '../activities';
import { createLocalFileStore } from '../activities/file-store';
import { createLookerClient } from '../activities/looker-client';
import { lookerSettingsFromEnv } from '../activities/looker-settings';
import { createFileActivities } from '../activities/stored-files';
import type { SetupKpiMonitoringResult } from '../contracts/setup-kpi-monitoring';
import { readJobClientSettings } from '../jobs/client-settings';
import { setupKpiMonitoringJob } from '../jobs/setup-kpi-monitoring';
import { startTestWorker, useTemporal } from './harness';
import { startLookerStack } from './stack';

const WEB = 'https://acme.looker.example';
const stackReady = startLookerStack({ seed: 'demo', webServerUrl: `${WEB}/` });

const kpiInput = (recipient: string) =>
  setupKpiMonitoringJob.input.parse({ dashboard: { title: 'Daily Active Users' }, schedule: { cron: '0 7 * * *', recipients: [recipient] } });

describe('links', () => {
  it('dashboardUrl is on the web address Looker reports, not the API address the worker calls', async () => {
    const stack = await stackReady;
    const result = await stack.runJob<SetupKpiMonitoringResult>('setupKpiMonitoring', kpiInput('links.reported@company.com'));
    assert.equal(result.dashboardUrl, `${WEB}/dashboards/${result.dashboardId}`);
    assert.ok(!stack.emulator.baseUrl.startsWith(WEB));
  });

  it('LOOKERFLOW_LOOKER_WEB_URL wins over what Looker reports', async () => {
    const stack = await stackReady;
    const files = createLocalFileStore(stack.filesDir);
    const looker = createLookerClient(lookerSettingsFromEnv(stack.lookerEnv));
    const worker = await startTestWorker({ activities: createActivities({ looker, files, lookerWebUrl: 'https://bi.acme.example/' }), fileActivities: createFileActivities({ files }) });
    const { client } = await useTemporal();
    const result = (await client.workflow.execute('setupKpiMonitoring', {
      taskQueue: worker.taskQueue,
      workflowId: `links-configured-${worker.taskQueue}`,
      args: [kpiInput('links.configured@company.com')],
      workflowExecutionTimeout: '2m',
    })) as SetupKpiMonitoringResult;
    assert.equal(result.dashboardUrl, `https://bi.acme.example/dashboards/${result.dashboardId}`);
  });

  it('uiUrl: LOOKERFLOW_TEMPORAL_UI_URL, else the UI on the configured Temporal host (Temporal Cloud: its web UI)', () => {
    const ui = (env: NodeJS.ProcessEnv) => readJobClientSettings(env).LOOKERFLOW_TEMPORAL_UI_URL;
    assert.equal(ui({ TEMPORAL_ADDRESS: 'temporal.internal:7233', LOOKERFLOW_TEMPORAL_UI_URL: 'https://temporal-ui.acme.example/' }), 'https://temporal-ui.acme.example');
    assert.equal(ui({ TEMPORAL_ADDRESS: 'temporal.internal:7233' }), 'http://temporal.internal:8233');
    assert.equal(ui({ TEMPORAL_ADDRESS: 'acme.a1b2c.tmprl.cloud:7233', TEMPORAL_API_KEY: 'k' }), 'https://cloud.temporal.io');
    // Loopback only when that is what was configured.
    assert.equal(ui({}), 'http://localhost:8233');
  });
});
