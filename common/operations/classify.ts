// How lookerflow treats each Looker API operation, decided from the spec's verb and id alone.
// Pure and dependency-free: the catalogue uses it when it reads the spec, and the generated
// table the runScript workflow checks every call against (operation-table.ts) is made with it.

export type OperationClass = 'read' | 'write' | 'delete';

export interface OperationFlags {
  class: OperationClass;
  /** Logs in, reads or changes credentials, sessions or secrets: never callable from a script. */
  privileged: boolean;
  /** Starts a query or render task: a script gets the rows or the file, not a task id. */
  async: boolean;
  /** Answers bytes (a render, a thumbnail): they go to the file store, the script gets a reference. */
  binary: boolean;
}

/** POSTs that change nothing in Looker (searches, queries, renders), read for policy purposes. */
const READ_POSTS = new Set(['run_inline_query', 'create_query', 'create_query_task', 'run_sql_query', 'run_url_encoded_query', 'create_merge_query']);

const PRIVILEGED =
  /(^login|^logout|credential|password|_session|^session|embed_secret|embed_cookieless|tokens|oauth|api3|sudo|user_login_lockout|ssh_public_key|saml_test|oidc_test)/;

export function classify(verb: string, operationId: string, responseContentTypes: string[]): OperationFlags {
  const lower = verb.toLowerCase();
  const isAsync = /^create_.*(query_task|render_task)$/.test(operationId);
  const isRead =
    lower === 'get' || lower === 'head' || READ_POSTS.has(operationId) || isAsync || (lower === 'post' && /(^search_|_search$)/.test(operationId));
  const binary =
    responseContentTypes.some((type) => type.startsWith('image/') || type === 'application/pdf') &&
    !responseContentTypes.some((type) => type.includes('json'));
  return {
    class: isRead ? 'read' : lower === 'delete' ? 'delete' : 'write',
    privileged: PRIVILEGED.test(operationId),
    async: isAsync,
    binary,
  };
}
