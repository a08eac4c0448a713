// `script run <file.js>`: a script over the Looker API, run as a runScript job (README: runScript).
// `script save <name> <file.js>`: saved as job type script:<name> by a saveScript job.
import { readFileSync } from 'node:fs';
import type { JobService } from '../../jobs/job-service';
import { fail, timeoutMs, type CommandArgs } from '../args';
import { EXIT } from '../exit-codes';
import { exitAfterWait, followJob } from '../follow';
import { readInput } from '../input';
import { reportText, type Out } from '../output';
import { operatorPrincipal } from '../operator';

export async function runScriptCommand({ values, positionals }: CommandArgs, jobs: JobService, out: Out, tty: boolean): Promise<number> {
  if (positionals[0] !== 'run' && positionals[0] !== 'save') fail('script: the subcommands are `run <file.js>` and `save <name> <file.js>`');
  timeoutMs(values.timeout); // a bad --timeout is refused before anything starts
  const started = positionals[0] === 'run' ? await startRun(positionals, values, jobs) : await startSave(positionals, values, jobs);
  if (!values.wait) {
    out.log(values.json ? JSON.stringify(started, null, 2) : `${started.jobId}  ${started.status}\nui: ${started.uiUrl}\nfollow it: lookerflow wait ${started.jobId}`);
    return EXIT.ok;
  }
  const report = await followJob(jobs, started.jobId, { timeoutMs: timeoutMs(values.timeout), out, tty });
  out.log(values.json ? JSON.stringify(report, null, 2) : reportText(report));
  return exitAfterWait(report, out);
}

function startRun(positionals: string[], values: CommandArgs['values'], jobs: JobService) {
  const file = positionals[1] ?? fail('script run: give the script file');
  // --input is the script's `input` (JSON, @file.json or - for stdin).
  const scriptInput = values.input === undefined && values['input-file'] === undefined ? undefined : readInput(values.input, values['input-file']);
  return jobs.startJob({ type: 'runScript', input: { script: readFileSync(file, 'utf8'), input: scriptInput, dryRun: values['dry-run'] }, principal: operatorPrincipal() });
}

function startSave(positionals: string[], values: CommandArgs['values'], jobs: JobService) {
  const [, name, file] = positionals;
  if (!name || !file) fail('script save: give the name and the script file: script save <name> <file.js>');
  const json = (path: string | undefined, option: string) => {
    if (path === undefined) return undefined;
    try {
      return JSON.parse(readFileSync(path, 'utf8')) as unknown;
    } catch (error) {
      return fail(`${option} ${path}: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  const principal = operatorPrincipal();
  const input = {
    name,
    script: readFileSync(file, 'utf8'),
    inputSchema: json(values['input-schema'], '--input-schema'),
    description: values.description,
    exampleInput: json(values.example, '--example'),
    savedBy: principal.name,
  };
  return jobs.startJob({ type: 'saveScript', input, principal });
}
