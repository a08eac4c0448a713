// `lookerflow <command>` (run by bin/lookerflow.js): the command line over the same job service as
// the MCP server, so a job started here is validated, named and reported exactly like one an agent starts.
import { connectJobService } from '../jobs/connect';
import { JobRequestError } from '../jobs/job-service';
import { runMcp } from '../mcp/main';
import { runCodecServer } from './codec-server';
import { SettingsError } from '../common/settings';
import { parseCommandArgs, type CommandArgs } from './args';
import { runFilesCommand } from './commands/files';
import { runJobCommand } from './commands/jobs';
import { runScriptCommand } from './commands/script';
import { runSchedulesCommand } from './commands/schedules';
import { EXIT, isUnreachable } from './exit-codes';
import type { Out } from './output';

export { EXIT } from './exit-codes';

const USAGE = `Usage: lookerflow <command>

  mcp [--http [--port N] [--host H]]      MCP server on stdio, or Streamable HTTP
  codec-server [--port N] [--host H]      decrypts payloads for the Temporal UI and CLI (remote codec)
  job-types [--json]                      the jobs you can start
  start <type> [--input <input>] [--idempotency-key <key>] [--wait [--timeout <seconds>]]
  status <jobId>                          a job's status, progress, result or failure
  wait <jobId> [--timeout <seconds>]      wait until it ends (or needs approval), showing progress
  approve|reject|cancel <jobId> --reason "<why>" [--count N]   (--count: the item count you saw; refused if it differs)
  jobs [--type <type>] [--status <status>] [--limit N] [--page-token <token>]
  jobs audit <jobId>                      the writes a job made to Looker (its change list) and its query source
  schedules list
  schedules create <type> --cron "<cron>" [--timezone <tz>] [--input <input>] [--schedule-id <id>] [--paused]
  schedules describe|trigger|delete <scheduleId>
  schedules pause|unpause <scheduleId> --reason "<why>"
  files get <path> [--out <file>]         a file from the file store (a render, a report); to stdout without --out
  files put <file> [--name <name>]        uploads a file (e.g. a large CSV for bulkOnboard's csvFile); prints its path
  files list [<folder>]                   newest files, e.g. under jobs/<jobId>
  script run <file.js> [--input <file.json>] [--dry-run] [--wait]   run a script over the Looker API as a job
  script save <name> <file.js> [--input-schema <schema.json>] [--description <text>] [--example <input.json>] [--wait]
                                        save it as job type script:<name> (a new version; approval if it writes)

  <input> is JSON ('{"email":"ada@company.com"}'), @file.json, or - to read stdin.
  Every command prints a readable table or summary; --json prints the JSON answer instead.
  --wait and wait follow the job until it ends: a live progress bar on a terminal, one line per
  change otherwise (stderr). --timeout stops waiting after that many seconds.

Exit codes: 0 done (the job completed), 1 the job failed or was cancelled, 2 bad usage or a refused
request (nothing started), 3 Temporal unreachable, 4 the job still runs (--timeout, or it waits for approval).

Settings: TEMPORAL_ADDRESS (default localhost:7233), TEMPORAL_NAMESPACE, TEMPORAL_API_KEY, TEMPORAL_TLS_* (README:
Running in production), LOOKERFLOW_CODEC_KEYS, LOOKERFLOW_TASK_QUEUE, LOOKERFLOW_TEMPORAL_UI_URL (for uiUrl links).`;

export async function runCli(argv: string[], env: NodeJS.ProcessEnv = process.env, out: Out = console, tty = Boolean(process.stderr.isTTY)): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'mcp') {
    try {
      await runMcp(rest, env);
    } catch (error) {
      if (!(error instanceof SettingsError)) throw error;
      out.error(error.message);
      return EXIT.badUsage;
    }
    return EXIT.ok;
  }
  if (command === 'codec-server') {
    try {
      const server = await runCodecServer(rest, env, out.error);
      const stop = () => void server.close().then(() => process.exit(0));
      process.once('SIGINT', stop).once('SIGTERM', stop);
    } catch (error) {
      if (!(error instanceof SettingsError)) throw error;
      out.error(error.message);
      return EXIT.badUsage;
    }
    return EXIT.ok;
  }
  if (command === 'help' || command === '--help' || command === '-h') {
    out.log(USAGE);
    return EXIT.ok;
  }
  if (!command) {
    out.error(USAGE);
    return EXIT.badUsage;
  }
  let parsed: CommandArgs;
  try {
    parsed = parseCommandArgs(rest);
  } catch (error) {
    out.error(`${(error as Error).message}\n\n${USAGE}`);
    return EXIT.badUsage;
  }
  let connection: Awaited<ReturnType<typeof connectJobService>> | undefined;
  try {
    connection = await connectJobService(env);
    if (command === 'schedules') return await runSchedulesCommand(parsed, connection.jobService, out);
    if (command === 'files') return await runFilesCommand(parsed, connection.jobService, out);
    if (command === 'script') return await runScriptCommand(parsed, connection.jobService, out, tty);
    return await runJobCommand(command, parsed, connection.jobService, out, tty);
  } catch (error) {
    if (error instanceof JobRequestError || error instanceof SettingsError) {
      out.error(error.message);
      return EXIT.badUsage;
    }
    const message = error instanceof Error ? error.message : String(error);
    if (isUnreachable(error)) {
      out.error(`Cannot reach Temporal at TEMPORAL_ADDRESS=${env.TEMPORAL_ADDRESS ?? 'localhost:7233'}: ${message.split('\n')[0]}`);
      return EXIT.unreachable;
    }
    out.error(`lookerflow: ${message}`);
    return EXIT.failed;
  } finally {
    await connection?.close();
  }
}
