// `script run <file.js>`: a script over the Looker API, run as a runScript job (README: runScript).
import { readFileSync } from 'node:fs';
import type { JobService } from '../../jobs/job-service';
import { fail, timeoutMs, type CommandArgs } from '../args';
import { EXIT } from '../exit-codes';
import { exitAfterWait, followJob } from '../follow';
import { readInput } from '../input';
import { reportText, type Out } from '../output';
import { operatorPrincipal } from '../operator';

export async function runScriptCommand({ values, positionals }: CommandArgs, jobs: JobService, out: Out, tty: boolean): Promise<number> {
  if (positionals[0] !== 'run') fail('script: the subcommand is `run <file.js>`');
  const file = positionals[1] ?? fail('script run: give the script file');
  timeoutMs(values.timeout); // a bad --timeout is refused before anything starts
  // --input is the script's `input` (JSON, @file.json or - for stdin).
  const scriptInput = values.input === undefined && values['input-file'] === undefined ? undefined : readInput(values.input, values['input-file']);
  const started = await jobs.startJob({ type: 'runScript', input: { script: readFileSync(file, 'utf8'), input: scriptInput, dryRun: values['dry-run'] }, principal: operatorPrincipal() });
  if (!values.wait) {
    out.log(values.json ? JSON.stringify(started, null, 2) : `${started.jobId}  ${started.status}\nui: ${started.uiUrl}\nfollow it: lookerflow wait ${started.jobId}`);
    return EXIT.ok;
  }
  const report = await followJob(jobs, started.jobId, { timeoutMs: timeoutMs(values.timeout), out, tty });
  out.log(values.json ? JSON.stringify(report, null, 2) : reportText(report));
  return exitAfterWait(report, out);
}
