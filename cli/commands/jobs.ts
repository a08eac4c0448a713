// Job commands: job-types, start, status, wait, approve, reject, cancel, jobs.
import type { LookerChange } from '../../contracts/changes';
import { type JobService, type JobStatus } from '../../jobs/job-service';
import { count, fail, limit, reason, timeoutMs, type CommandArgs } from '../args';
import { EXIT } from '../exit-codes';
import { exitAfterWait, followJob } from '../follow';
import { readInput } from '../input';
import { operatorPrincipal } from '../operator';
import { reportText, table, type Out } from '../output';

/** One change as a table row: which fields went from what to what. */
function changeRow(change: LookerChange) {
  const fields = Object.entries(change.fields ?? {}).map(([name, { before, after }]) => (before === undefined ? `${name}=${JSON.stringify(after)}` : `${name}: ${JSON.stringify(before)} → ${JSON.stringify(after)}`));
  return { ...change, outcome: change.outcome ?? 'applied', fields: fields.join('; ').slice(0, 200) };
}

export const JOB_COMMANDS = ['job-types', 'start', 'status', 'wait', 'approve', 'reject', 'cancel', 'jobs'];

export async function runJobCommand(command: string, { values, positionals }: CommandArgs, jobs: JobService, out: Out, tty: boolean): Promise<number> {
  const json = (value: unknown) => out.log(JSON.stringify(value, null, 2));
  const jobId = () => positionals[0] ?? fail(`${command}: give the jobId`);
  const follow = async (id: string) => {
    const report = await followJob(jobs, id, { timeoutMs: timeoutMs(values.timeout), out, tty });
    out.log(values.json ? JSON.stringify(report, null, 2) : reportText(report));
    return exitAfterWait(report, out);
  };
  switch (command) {
    case 'job-types': {
      // Saved scripts (script:<name>) after the built-in jobs.
      const types = jobs.describeJobTypes([...jobs.jobTypes, ...(await jobs.savedJobTypes())]);
      if (values.json) json(types);
      else for (const t of types.jobTypes) out.log(`${t.type.padEnd(26)} ${t.writes ? 'writes' : 'reads '}  [${t.tags.join(', ')}]  ${t.purpose}`);
      return EXIT.ok;
    }
    case 'start': {
      const type = positionals[0] ?? fail('start: give the job type (see `lookerflow job-types`)');
      timeoutMs(values.timeout); // a bad --timeout is refused before anything starts
      const started = await jobs.startJob({ type, input: readInput(values.input, values['input-file']), idempotencyKey: values['idempotency-key'], principal: operatorPrincipal() });
      if (values.wait) return follow(started.jobId);
      out.log(values.json ? JSON.stringify(started, null, 2) : `${started.jobId}  ${started.status}\nui: ${started.uiUrl}\nfollow it: lookerflow wait ${started.jobId}`);
      return EXIT.ok;
    }
    case 'status': {
      const report = await jobs.getJob(jobId());
      out.log(values.json ? JSON.stringify(report, null, 2) : reportText(report));
      return EXIT.ok;
    }
    case 'wait':
      return follow(jobId());
    case 'approve':
    case 'reject':
    case 'cancel': {
      const report =
        command === 'cancel'
          ? await jobs.cancelJob(jobId(), reason(values.reason), operatorPrincipal().name)
          : await jobs.decide(
              jobId(),
              { approved: command === 'approve', reason: reason(values.reason), count: count(values.count), by: operatorPrincipal().name },
              { allowSelfApproval: true },
            );
      out.log(values.json ? JSON.stringify(report, null, 2) : reportText(report));
      return EXIT.ok;
    }
    case 'jobs': {
      if (positionals[0] === 'audit') {
        const audit = await jobs.auditJob(positionals[1] ?? fail('jobs audit: give the jobId'));
        if (values.json) json(audit);
        else {
          const n = audit.outcomeUnknown ?? 0;
          const unknown = n ? ` (${n} with outcome unknown: sent, no answer came back, Looker may have applied ${n === 1 ? 'it' : 'them'})` : '';
          out.log(`${audit.jobId}: ${audit.count} change(s) in Looker${unknown}; queries carry source ${audit.querySource}; all changes in ${audit.changesPath}`);
          const columns = ['at', ...(audit.outcomeUnknown ? ['outcome'] : []), 'action', 'type', 'id', 'part', 'fields', 'page'];
          if (audit.count) out.log(table(audit.changes.map(changeRow), columns));
          if (audit.more) out.log(audit.more);
        }
        return EXIT.ok;
      }
      const page = await jobs.listJobs({
        type: values.type,
        status: values.status as JobStatus | undefined,
        pageSize: limit(values.limit),
        pageToken: values['page-token'],
      });
      if (values.json) json(page);
      else {
        out.log(table(page.jobs, ['jobId', 'type', 'status', 'target', 'startedAt']));
        if (page.nextPageToken) out.log(`more: lookerflow jobs --page-token ${page.nextPageToken}`);
      }
      return EXIT.ok;
    }
    default:
      return fail(`Unknown command \`${command}\`; run \`lookerflow help\``);
  }
}
