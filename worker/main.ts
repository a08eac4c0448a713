// `npm run worker`: one lookerflow worker process. SIGINT/SIGTERM stop polling and give
// in-flight activities LOOKERFLOW_SHUTDOWN_GRACE_SECONDS to finish.
import { SettingsError } from '../common/settings';
import { installWorkerLogging } from './logging';
import { readWorkerSettings } from './settings';
import { startWorker, StartupError } from './start-worker';

async function main(): Promise<void> {
  const settings = readWorkerSettings();
  installWorkerLogging(settings.LOOKERFLOW_LOG_LEVEL);
  const worker = await startWorker(settings);
  // The Temporal runtime turns SIGINT/SIGTERM into a graceful shutdown; run() resolves after it.
  const running = worker.workers.run();
  // Printed once both workers poll: at once, or when an unreachable Looker first answers.
  void worker.lookerUser.then((lookerUser) =>
    console.log(
      `lookerflow worker on ${settings.TEMPORAL_ADDRESS} (namespace ${settings.TEMPORAL_NAMESPACE}, task queue ${settings.LOOKERFLOW_TASK_QUEUE}), ` +
        `Looker as ${lookerUser}, Looker calls/s learned from Looker's answers${settings.LOOKER_API_RPS ? `, at most ${settings.LOOKER_API_RPS}` : ''}`,
    ),
  );
  await running;
  await worker.close();
}

main().catch((err: unknown) => {
  if (err instanceof SettingsError || err instanceof StartupError) {
    console.error(err.message);
    process.exit(2);
  }
  console.error(err);
  process.exit(1);
});
