// Which of some file store folders an open job names in its input, for the retention of uploads
// (job-files-retention.ts): a bulkOnboard reading `uploads/<id>/users.csv` must keep it. Only
// Temporal knows the inputs: each open workflow's first history event holds its run's input.
// One page of one event per open workflow, read once per prune run and only when some upload is
// old enough to go, so it costs a read per open workflow (children included: a child's input may
// name a file too), not per upload. The input is looked at as text: a folder is named when its
// path followed by `/` (a file in it) or by `"` (the folder itself, a JSON string) appears in it.
import type { PayloadCodec } from '@temporalio/common';

interface RawPayload {
  metadata?: Record<string, Uint8Array> | null;
  data?: Uint8Array | null;
}

/** The part of Temporal's WorkflowService this needs; the worker passes its connection's. */
export interface OpenWorkflowReader {
  listWorkflowExecutions(request: {
    namespace: string;
    query: string;
    pageSize?: number;
    nextPageToken?: Uint8Array | null;
  }): Promise<{ executions?: Array<{ execution?: { workflowId?: string | null; runId?: string | null } | null }> | null; nextPageToken?: Uint8Array | null }>;
  getWorkflowExecutionHistory(request: {
    namespace: string;
    execution: { workflowId: string; runId?: string };
    maximumPageSize?: number;
  }): Promise<{ history?: { events?: Array<{ workflowExecutionStartedEventAttributes?: { input?: { payloads?: RawPayload[] | null } | null } | null }> | null } | null }>;
}

export interface OpenJobInputsSource {
  workflowService: OpenWorkflowReader;
  namespace: string;
  /** The worker's payload codecs: with encrypted payloads the input is decoded before it is read. */
  payloadCodecs?: PayloadCodec[];
}

const PAGE = 100;
const PLAIN = new Set(['json/plain', 'binary/plain', 'binary/null']);

/**
 * The `folders` some open workflow (but `ownWorkflowId`) names in its input. An input that
 * cannot be read (encrypted with a key this worker lacks) names them all: an upload is never
 * removed on a guess. `onWorkflow` is called per workflow read (the caller heartbeats).
 */
export async function foldersNamedByOpenJobs(source: OpenJobInputsSource, folders: string[], ownWorkflowId: string | undefined, onWorkflow: () => void): Promise<Set<string>> {
  const named = new Set<string>();
  let nextPageToken: Uint8Array | null | undefined;
  do {
    const page = await source.workflowService.listWorkflowExecutions({ namespace: source.namespace, query: `ExecutionStatus = 'Running'`, pageSize: PAGE, nextPageToken });
    for (const { execution } of page.executions ?? []) {
      if (!execution?.workflowId || execution.workflowId === ownWorkflowId) continue;
      onWorkflow();
      const text = await inputText(source, { workflowId: execution.workflowId, runId: execution.runId ?? undefined });
      for (const folder of folders) if (text === undefined || text.includes(`${folder}/`) || text.includes(`${folder}"`)) named.add(folder);
      if (named.size === folders.length) return named;
    }
    nextPageToken = page.nextPageToken?.length ? page.nextPageToken : undefined;
  } while (nextPageToken);
  return named;
}

/** The run's input as text (its payloads decoded), or undefined when it cannot be read. */
async function inputText(source: OpenJobInputsSource, execution: { workflowId: string; runId?: string }): Promise<string | undefined> {
  const response = await source.workflowService
    .getWorkflowExecutionHistory({ namespace: source.namespace, execution, maximumPageSize: 1 })
    .catch((error: { code?: number }) => {
      // Closed (and gone) since it was listed: it names nothing any more.
      if (error.code === NOT_FOUND) return undefined;
      throw error;
    });
  if (!response) return '';
  const started = response.history?.events?.[0]?.workflowExecutionStartedEventAttributes;
  let payloads = (started?.input?.payloads ?? []) as Parameters<PayloadCodec['decode']>[0];
  try {
    for (const codec of [...(source.payloadCodecs ?? [])].reverse()) payloads = await codec.decode(payloads);
  } catch {
    return undefined;
  }
  const texts = payloads.map((payload) => (PLAIN.has(Buffer.from(payload.metadata?.encoding ?? []).toString()) ? Buffer.from(payload.data ?? []).toString('utf8') : undefined));
  return texts.some((text) => text === undefined) ? undefined : texts.join('\n');
}

const NOT_FOUND = 5; // gRPC status
