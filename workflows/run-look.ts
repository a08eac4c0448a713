// runLook: read the Look and its saved query → run the query as an async query task → its rows.
import { workflowInfo } from '@temporalio/workflow';
import type { RunLookInput, RunLookResult } from '../contracts/run-look';
import { saveJobText } from './support/files';
import { lookerActivities, nonLookerActivities } from './support/looker';
import { Progress } from './support/progress';

/** Rows a result carries; more go to a file (rowsPath). */
const RESULT_ROWS = 100;

export async function runLook(input: RunLookInput): Promise<RunLookResult> {
  const progress = new Progress();
  const total = 2;
  progress.step('reading Look', { total, message: `Look ${input.lookId}` });
  const look = await lookerActivities('read').lookDefinition({ lookId: input.lookId });
  progress.step('running query', { total, done: 1, message: look.title });
  const result = await lookerActivities('polling').runQuery({ jobId: workflowInfo().workflowId, queryId: look.queryId });
  const lookUrl = `${await nonLookerActivities('read').lookerWebUrl()}/looks/${look.id}`;
  progress.step('done', { total, done: total, message: `${result.rowCount} rows` });
  const answer = { look: { id: look.id, title: look.title, folderName: look.folderName, lookUrl }, query: look.query, rowCount: result.rowCount };
  // Rows Looker gave too many of to pass through history are already in a file.
  if (result.rowsRef) return { ...answer, rows: (result.sample ?? []).slice(0, RESULT_ROWS), rowsPath: result.rowsRef.path };
  const rows = result.rows ?? [];
  if (rows.length <= RESULT_ROWS) return { ...answer, rows };
  const rowsPath = await saveJobText('runLook', 'rows.json', JSON.stringify(rows));
  return { ...answer, rows: rows.slice(0, RESULT_ROWS), rowsPath };
}
