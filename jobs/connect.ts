// Connects a job service to Temporal with the settings from the environment (MCP server, CLI).
import { Client, Connection } from '@temporalio/client';
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
  const connection = Connection.lazy({ address: settings.TEMPORAL_ADDRESS });
  const client = new Client({ connection, namespace: settings.TEMPORAL_NAMESPACE });
  return {
    jobService: createJobService({ client, taskQueue: settings.LOOKERFLOW_TASK_QUEUE, uiBaseUrl: settings.LOOKERFLOW_TEMPORAL_UI_URL }),
    close: () => connection.close(),
  };
}
