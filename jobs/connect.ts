// Connects a job service to Temporal with the settings from the environment (MCP server, CLI).
import { Client, Connection } from '@temporalio/client';
import { temporalSetup } from '../common/settings';
import { readJobClientSettings } from './client-settings';
import { createJobService, type JobService } from './job-service';

export interface ConnectedJobService {
  jobService: JobService;
  close(): Promise<void>;
}

export async function connectJobService(env: NodeJS.ProcessEnv = process.env): Promise<ConnectedJobService> {
  const settings = readJobClientSettings(env);
  // Lazy: listing job types and refusing a bad input need no server, and a server that comes
  // up later is picked up on the first call.
  const setup = temporalSetup(settings);
  const connection = Connection.lazy(setup.connection);
  const client = new Client({ connection, namespace: setup.namespace, dataConverter: setup.dataConverter });
  return {
    jobService: createJobService({ client, taskQueue: settings.LOOKERFLOW_TASK_QUEUE, uiBaseUrl: settings.LOOKERFLOW_TEMPORAL_UI_URL, encryptedPayloads: setup.encrypted }),
    close: () => connection.close(),
  };
}
