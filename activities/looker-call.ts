// lookerCall: any Looker API operation by its id, for scripts (workflows/run-script.ts).
//
// Looker40SDK names its methods after the spec's operation ids, and takes either positional
// arguments (`user(user_id, fields)`) or one request object (`search_dashboards(request)`);
// which one is read from the method's own parameter list. Binary answers and answers too large
// for workflow history go to the file store and come back as a reference.
import { ApplicationFailure } from '@temporalio/activity';
import { DelimArray } from '@looker/sdk-rtl';
import { findOperation, type Operation } from '../common/operations/catalogue';
import type { FileStore, StoredFile } from './file-store';
import { jobFileName } from './file-store';
import type { LookerClient } from './looker-client';

/** Answers above this many bytes of JSON go to the file store instead of workflow history. */
export const MAX_INLINE_ANSWER_BYTES = 256 * 1024;

export interface LookerCallInput {
  /** Names the file of a stored answer, with `callIndex`. */
  jobId: string;
  callIndex: number;
  operationId: string;
  /** The operation's parameters by name, plus `body` for its request body. */
  params: Record<string, unknown>;
}

export interface LookerCallResult {
  /** The answer, when it is JSON small enough to return inline. */
  value?: unknown;
  /** Where the answer is, when binary or too large. */
  file?: Pick<StoredFile, 'path' | 'bytes' | 'contentType'>;
  /** Time Looker took to answer, including a re-login. */
  lookerMs: number;
}

const EXTENSIONS: Record<string, string> = { 'application/pdf': 'pdf', 'image/png': 'png', 'image/jpeg': 'jpg', 'image/svg+xml': 'svg' };

export function createLookerCallActivities({ looker, files }: { looker: LookerClient; files: FileStore }) {
  return {
    /** One Looker operation; refuses unknown and privileged operations and unknown parameters. */
    async lookerCall(input: LookerCallInput): Promise<LookerCallResult> {
      const operation = callableOperation(input.operationId);
      const args = sdkArguments(operation, methodParameterNames(looker, operation.id), input.params ?? {});
      const started = Date.now();
      const value = await looker.call(operation.id, (sdk) => (sdk as unknown as Record<string, (...a: unknown[]) => never>)[operation.id](...args));
      const lookerMs = Date.now() - started;
      const base = `${String(input.callIndex).padStart(4, '0')}-${operation.id}`;
      if (operation.binary && typeof value === 'string') {
        const contentType = operation.responseContentTypes.find((type) => type !== 'image/svg+xml') ?? operation.responseContentTypes[0];
        const stored = await files.save(jobFileName(input.jobId, 'lookerCall', `${base}.${EXTENSIONS[contentType] ?? 'bin'}`), Buffer.from(value, 'latin1'), contentType);
        return { file: { path: stored.path, bytes: stored.bytes, contentType: stored.contentType }, lookerMs };
      }
      const json = JSON.stringify(value ?? null);
      if (Buffer.byteLength(json) > MAX_INLINE_ANSWER_BYTES) {
        const stored = await files.save(jobFileName(input.jobId, 'lookerCall', `${base}.json`), json, 'application/json');
        return { file: { path: stored.path, bytes: stored.bytes, contentType: stored.contentType }, lookerMs };
      }
      return { value, lookerMs };
    },
  };
}

function callableOperation(operationId: string): Operation {
  const operation = findOperation(operationId);
  if (!operation) throw ApplicationFailure.nonRetryable(`no Looker operation \`${operationId}\``, 'UnknownOperation');
  if (operation.privileged) {
    throw ApplicationFailure.nonRetryable(`\`${operationId}\` handles logins, credentials or secrets and cannot be called from lookerflow`, 'PrivilegedOperation');
  }
  return operation;
}

const parameterNamesCache = new Map<string, string[]>();

/** The SDK method's declared parameters, without the trailing `options`, e.g. ['user_id', 'fields']. */
function methodParameterNames(looker: LookerClient, operationId: string): string[] {
  let names = parameterNamesCache.get(operationId);
  if (!names) {
    const method = (looker.sdk as unknown as Record<string, unknown>)[operationId];
    if (typeof method !== 'function') throw ApplicationFailure.nonRetryable(`the Looker SDK has no method \`${operationId}\``, 'UnknownOperation');
    const list = /^[^(]*\(([^)]*)\)/.exec(method.toString())?.[1] ?? '';
    names = list.split(',').map((name) => name.trim().split('=')[0].trim()).filter((name) => name && name !== 'options');
    parameterNamesCache.set(operationId, names);
  }
  return names;
}

/** The SDK arguments for `params`; an unknown or missing parameter fails naming the valid ones. */
export function sdkArguments(operation: Operation, methodParams: string[], params: Record<string, unknown>): unknown[] {
  const known = new Map(operation.parameters.map((p) => [p.name, p]));
  const allowed = [...known.keys(), ...(operation.body ? ['body'] : [])];
  const problems: string[] = [];
  for (const name of Object.keys(params)) if (!allowed.includes(name)) problems.push(`unknown parameter \`${name}\``);
  for (const p of operation.parameters) if (p.required && params[p.name] === undefined) problems.push(`missing required parameter \`${p.name}\``);
  if (operation.body?.required && params.body === undefined) problems.push(`missing required \`body\` (${operation.body.schema})`);
  if (problems.length) {
    throw ApplicationFailure.nonRetryable(
      `${operation.id}: ${problems.join('; ')}; its parameters are ${allowed.map((n) => `\`${n}\``).join(', ') || 'none'}`,
      'LookerBadRequest',
    );
  }
  const value = (name: string) => {
    const v = params[name];
    return Array.isArray(v) && known.get(name)?.type.startsWith('[') ? new DelimArray(v) : v;
  };
  if (methodParams.length === 1 && methodParams[0] === 'request') {
    return [Object.fromEntries(Object.keys(params).map((name) => [name, value(name)]))];
  }
  return methodParams.map(value);
}

/** A script's return value too large for workflow history, saved as JSON. */
export function createScriptValueActivities({ files }: { files: FileStore }) {
  return {
    async saveScriptValue(input: { jobId: string; json: string }): Promise<{ path: string; bytes: number }> {
      const stored = await files.save(jobFileName(input.jobId, 'runScript', 'result.json'), input.json, 'application/json');
      return { path: stored.path, bytes: stored.bytes };
    },
  };
}
