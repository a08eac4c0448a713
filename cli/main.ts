// `lookerflow <command>` (run by bin/lookerflow.js): the command line over the same job service as
// the MCP server, so a job started here is validated, named and reported exactly like one an agent starts.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { connectJobService } from '../jobs/connect';
import { JobRequestError, progressLine, type JobReport, type JobService, type JobStatus } from '../jobs/job-service';
import { runMcp } from '../mcp/main';
import { SettingsError } from '../common/settings';

const USAGE = `Usage: lookerflow <command>

  mcp [--http [--port N] [--host H]]      MCP server on stdio, or Streamable HTTP
  job-types [--json]                      the jobs you can start
  start <type> --input '<json>' | --input-file <file> [--idempotency-key <key>] [--wait] [--timeout <seconds>]
  status <jobId>                          a job's status, progress, result or failure
  wait <jobId> [--timeout <seconds>]      wait until it finishes or needs approval
  approve|reject|cancel <jobId> --reason "<why>"
  jobs [--type <type>] [--status <status>] [--limit N]
  script run <file.js> [--input <file.json>] [--dry-run] [--wait]   run a script over the Looker API as a job

Settings: TEMPORAL_ADDRESS (default localhost:7233), TEMPORAL_NAMESPACE, LOOKERFLOW_TASK_QUEUE, LOOKERFLOW_TEMPORAL_UI_URL (for uiUrl links).`;

/** Exit codes: 0 done, 1 the job failed or lookerflow could not reach Temporal, 2 a bad request. */
export const EXIT = { ok: 0, failed: 1, badRequest: 2 } as const;

type Out = { log(text: string): void; error(text: string): void };

export async function runCli(argv: string[], env: NodeJS.ProcessEnv = process.env, out: Out = console): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'mcp') {
    try {
      await runMcp(rest, env);
    } catch (error) {
      if (!(error instanceof SettingsError)) throw error;
      out.error(error.message);
      return EXIT.badRequest;
    }
    return EXIT.ok;
  }
  if (command === 'help' || command === '--help' || command === '-h') {
    out.log(USAGE);
    return EXIT.ok;
  }
  if (!command) {
    out.error(USAGE);
    return EXIT.badRequest;
  }
  let parsed: ReturnType<typeof parseCommandArgs>;
  try {
    parsed = parseCommandArgs(rest);
  } catch (error) {
    out.error(`${(error as Error).message}\n\n${USAGE}`);
    return EXIT.badRequest;
  }
  let connection: Awaited<ReturnType<typeof connectJobService>> | undefined;
  try {
    connection = await connectJobService(env);
    return await runCommand(command, parsed, connection.jobService, out);
  } catch (error) {
    if (error instanceof JobRequestError || error instanceof SettingsError) {
      out.error(error.message);
      return EXIT.badRequest;
    }
    out.error(`lookerflow: ${error instanceof Error ? error.message : String(error)}`);
    return EXIT.failed;
  } finally {
    await connection?.close();
  }
}

function parseCommandArgs(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: true,
    options: {
      input: { type: 'string' },
      'input-file': { type: 'string' },
      'idempotency-key': { type: 'string' },
      wait: { type: 'boolean', default: false },
      timeout: { type: 'string' },
      reason: { type: 'string' },
      type: { type: 'string' },
      status: { type: 'string' },
      limit: { type: 'string' },
      json: { type: 'boolean', default: false },
      'dry-run': { type: 'boolean', default: false },
    },
  });
}

async function runCommand(command: string, { values, positionals }: ReturnType<typeof parseCommandArgs>, jobs: JobService, out: Out): Promise<number> {
  const print = (value: unknown) => out.log(JSON.stringify(value, null, 2));
  const jobId = () => positionals[0] ?? fail(`${command}: give the jobId`);
  const timeoutMs = values.timeout === undefined ? undefined : seconds(values.timeout) * 1000;
  switch (command) {
    case 'job-types': {
      const types = jobs.describeJobTypes();
      if (values.json) print(types);
      else for (const t of types) out.log(`${t.type.padEnd(26)} ${t.writes ? 'writes' : 'reads '}  [${t.tags.join(', ')}]  ${t.purpose}`);
      return EXIT.ok;
    }
    case 'start': {
      const type = positionals[0] ?? fail('start: give the job type (see `lookerflow job-types`)');
      const started = await jobs.startJob({ type, input: readInput(values.input, values['input-file']), idempotencyKey: values['idempotency-key'] });
      if (!values.wait) {
        print(started);
        return EXIT.ok;
      }
      return reportExit(await jobs.waitForJob(started.jobId, { timeoutMs, onProgress: (p) => out.error(progressLine(p)) }), print);
    }
    case 'script': {
      if (positionals[0] !== 'run') fail('script: the subcommand is `run <file.js>`');
      const file = positionals[1] ?? fail('script run: give the script file');
      // Here --input names a JSON file (the script's `input`).
      const inputFile = values.input ?? values['input-file'];
      const input = { script: readFileSync(file, 'utf8'), input: inputFile === undefined ? undefined : readInput(undefined, inputFile), dryRun: values['dry-run'] };
      const started = await jobs.startJob({ type: 'runScript', input });
      if (!values.wait) {
        print(started);
        return EXIT.ok;
      }
      return reportExit(await jobs.waitForJob(started.jobId, { timeoutMs, onProgress: (p) => out.error(progressLine(p)) }), print);
    }
    case 'status':
      return reportExit(await jobs.getJob(jobId()), print);
    case 'wait':
      return reportExit(await jobs.waitForJob(jobId(), { timeoutMs }), print);
    case 'approve':
    case 'reject':
      print(await jobs.decide(jobId(), { approved: command === 'approve', reason: reason(values.reason), by: 'cli' }));
      return EXIT.ok;
    case 'cancel':
      print(await jobs.cancelJob(jobId(), reason(values.reason), 'cli'));
      return EXIT.ok;
    case 'jobs':
      print(await jobs.listJobs({ type: values.type, status: values.status as JobStatus | undefined, pageSize: limit(values.limit) }));
      return EXIT.ok;
    default:
      return fail(`Unknown command \`${command}\`; run \`lookerflow help\``);
  }
}

/** Prints the report; a failed, cancelled or timed-out job exits 1. */
function reportExit(report: JobReport, print: (value: unknown) => void): number {
  print(report);
  return ['failed', 'cancelled', 'timed-out', 'terminated'].includes(report.status) ? EXIT.failed : EXIT.ok;
}

function readInput(inline: string | undefined, file: string | undefined): unknown {
  if (inline !== undefined && file !== undefined) fail('give --input or --input-file, not both');
  const text = file !== undefined ? readFileSync(file, 'utf8') : (inline ?? '{}');
  try {
    return JSON.parse(text);
  } catch (error) {
    return fail(`${file ? `--input-file ${file}` : '--input'} is not JSON: ${(error as Error).message}`);
  }
}

function reason(value: string | undefined): string {
  return value?.trim() || fail('give a --reason; it is recorded in the job history');
}

function seconds(value: string): number {
  const n = Number(value);
  return Number.isFinite(n) && n > 0 ? n : fail('--timeout must be a number of seconds');
}

function limit(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : fail('--limit must be a positive whole number');
}

function fail(message: string): never {
  throw new JobRequestError(message);
}
