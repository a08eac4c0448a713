/**
 * Applied to every JSON response, hand-written or not: body properties a
 * handler does not keep are remembered per record and shown again, and
 * every property the response model declares is present.
 */
import type { RequestContext } from '../core/context';
import type { JsonSchema } from '../core/spec';
import type { EmulatorState } from '../core/state';
import { refName, type Models } from './instance';

function responseSchema(ctx: RequestContext, status: number): JsonSchema | undefined {
  return ctx.op.responses[String(status)]?.['application/json'];
}

/** Remembers writable body properties the handler's answer left out (`background_color` of a dashboard). */
export function rememberExtras(models: Models, ctx: RequestContext, status: number, answer: unknown): void {
  if (ctx.op.method === 'GET' || status >= 300) return;
  const model = refName(responseSchema(ctx, status));
  const body = ctx.body;
  if (!model || !body || typeof body !== 'object' || Array.isArray(body) || !answer || typeof answer !== 'object') return;
  const id = (answer as Record<string, unknown>).id;
  if (id === undefined || id === null) return;
  const props = models.properties(model);
  const kept: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    const schema = props[key];
    if (!schema || schema.readOnly || (schema as Record<string, unknown>)['x-looker-write-only']) continue;
    if ((answer as Record<string, unknown>)[key] === undefined) kept[key] = value;
  }
  if (!Object.keys(kept).length) return;
  const state = ctx.core.state;
  state.extras ??= {};
  const byId = (state.extras[model] ??= {});
  byId[String(id)] = { ...byId[String(id)], ...kept };
}

export function completeResponse(models: Models, ctx: RequestContext, status: number, answer: unknown): unknown {
  const schema = responseSchema(ctx, status);
  if (!schema || answer === null || typeof answer !== 'object' || Buffer.isBuffer(answer)) return answer;
  // Handlers may hand out objects shared with the state; completion must not write into it.
  const copy = structuredClone(answer);
  applyExtras(ctx.core.state, schema, copy);
  return models.complete(schema, copy, ctx.core.clock.now().toISOString());
}

function applyExtras(state: EmulatorState, schema: JsonSchema, answer: unknown): void {
  if (!state.extras) return;
  const itemSchema = schema.type === 'array' ? (schema.items as JsonSchema) : schema;
  const model = refName(itemSchema);
  const byId = model ? state.extras[model] : undefined;
  if (!byId) return;
  for (const item of Array.isArray(answer) ? answer : [answer]) {
    const extra = item && typeof item === 'object' ? byId[String((item as Record<string, unknown>).id)] : undefined;
    if (!extra) continue;
    for (const [key, value] of Object.entries(extra)) if ((item as Record<string, unknown>)[key] === undefined) (item as Record<string, unknown>)[key] = value;
  }
}
