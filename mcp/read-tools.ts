// Read tools: answered through short read-only jobs; a long query returns a jobId to wait on.
import { JobRequestError, type JobService } from '../jobs/job-service';
import { DescribeExploreInput, ListLookmlModelsInput, RunInlineQueryInput, SearchContentInput } from '../jobs/read-tools';
import { progressNotifier } from './progress';
import type { Extra, ToolFn } from './tool-registry';

export function registerReadTools(tool: ToolFn, jobService: JobService): void {
  const readOnly = { readOnlyHint: true };
  const readTool = (type: string) => async (input: unknown, extra: Extra) => {
    const job = await jobService.runReadTool(type, input, { onProgress: progressNotifier(extra), signal: extra.signal });
    if (job.status === 'completed') return job.result as object;
    if (job.status === 'failed') throw new JobRequestError(job.failure?.message ?? 'the lookup failed');
    return { jobId: job.jobId, status: job.status, note: 'still running; call wait_for_job with this jobId', uiUrl: job.uiUrl };
  };

  tool('list_models', { description: 'Lists LookML models and their explores.', input: ListLookmlModelsInput, annotations: readOnly }, readTool('listLookmlModels'));
  tool(
    'describe_explore',
    { description: 'An explore’s fields (name, label, type, description), for run_query.', input: DescribeExploreInput, annotations: readOnly },
    readTool('describeExplore'),
  );
  tool(
    'run_query',
    {
      description: 'Runs a query: rows, the query applied, its SQL; unknown fields get the closest real names.',
      input: RunInlineQueryInput,
      annotations: readOnly,
    },
    readTool('runInlineQuery'),
  );
  tool(
    'search_content',
    { description: 'Dashboards and Looks by title, folder or id (then with tiles and filters).', input: SearchContentInput, annotations: readOnly },
    readTool('searchContent'),
  );
}
