/**
 * SQL Runner: a SQL query names an existing connection (or a model's) and
 * shows it; running one counts the run. The emulator has no database: a
 * SELECT of literals (`select 1 as one`) answers its one row, anything else
 * answers no rows, in the requested format.
 */
import { createHash } from 'node:crypto';
import type { RequestContext } from '../../core/context';
import { invalidField, missingField, notFound } from '../../core/errors';
import { Reply } from '../../core/reply';
import { findModel } from '../../data/catalogue';
import type { Behaviour, ResourceEngine } from '../engine';
import { findRecord, nextEngineId } from '../store';

const MODEL = 'SqlQuery';

/** `select 1 as one, 'a' b` -> { one: 1, b: 'a' }; undefined for SQL that reads tables. */
function literalRow(sql: string): Record<string, unknown> | undefined {
  const match = /^\s*select\s+(.+?)\s*;?\s*$/is.exec(sql);
  if (!match || /\bfrom\b/i.test(match[1])) return undefined;
  const row: Record<string, unknown> = {};
  for (const [i, part] of match[1].split(',').entries()) {
    const m = /^\s*('(?:[^']|'')*'|-?\d+(?:\.\d+)?)\s*(?:as\s+)?(\w+)?\s*$/i.exec(part);
    if (!m) return undefined;
    const value = m[1].startsWith("'") ? m[1].slice(1, -1).replace(/''/g, "'") : Number(m[1]);
    row[m[2] ?? (m[1].startsWith("'") ? `?column?${i}` : m[1])] = value;
  }
  return row;
}

function format(rows: Record<string, unknown>[], resultFormat: string): Reply {
  if (resultFormat === 'json') return Reply.json(rows);
  if (resultFormat === 'csv' || resultFormat === 'txt') {
    const sep = resultFormat === 'csv' ? ',' : '\t';
    const header = Object.keys(rows[0] ?? {});
    const lines = [header.join(sep), ...rows.map((r) => header.map((h) => String(r[h])).join(sep))];
    return Reply.text(rows.length ? `${lines.join('\n')}\n` : '', resultFormat === 'csv' ? 'text/csv' : 'text/plain');
  }
  throw invalidField('result_format', `Unsupported result format ${resultFormat}`);
}

function connectionOf(ctx: RequestContext, engine: ResourceEngine, value: Record<string, unknown>): Record<string, unknown> | null {
  const name = value.connection_name ?? (value.model_name ? findModel(String(value.model_name))?.connection : undefined);
  const record = name ? findRecord(ctx.core.state, 'DBConnection', 'name', String(name)) : undefined;
  return record ? engine.present(ctx, 'DBConnection', record.value) : null;
}

function present(ctx: RequestContext, engine: ResourceEngine, value: Record<string, unknown>) {
  return engine.present(ctx, MODEL, { ...value, connection: connectionOf(ctx, engine, { connection_name: value._connection_name, model_name: value.model_name }) });
}

function sqlQueryOr404(ctx: RequestContext) {
  const found = findRecord(ctx.core.state, MODEL, 'slug', ctx.params.string('slug'));
  if (!found) throw notFound('SqlQuery not found');
  return found;
}

export const sqlRunnerBehaviours: Record<string, Behaviour> = {
  create_sql_query: (ctx, engine) => {
    const body = ctx.body ?? {};
    if (!body.sql) throw missingField('sql');
    if (!body.connection_name && !body.model_name) throw missingField('connection_name');
    const probe = { connection_name: body.connection_name, model_name: body.model_name };
    if (!connectionOf(ctx, engine, probe)) throw invalidField(body.connection_name ? 'connection_name' : 'model_name', 'names no connection');
    const slug = createHash('sha1').update(`sql:${nextEngineId(ctx.core.state, MODEL)}:${String(body.sql)}`).digest('base64url').slice(0, 22);
    const created = engine.create(ctx, MODEL, { slug, sql: body.sql, model_name: body.model_name ?? null, vis_config: body.vis_config ?? null, run_count: 0 });
    created.value._connection_name = body.connection_name ?? null;
    return present(ctx, engine, created.value);
  },
  sql_query: (ctx, engine) => present(ctx, engine, sqlQueryOr404(ctx).value),
  run_sql_query: (ctx) => {
    const { value } = sqlQueryOr404(ctx);
    value.run_count = Number(value.run_count ?? 0) + 1;
    value.last_run_at = ctx.core.clock.now().toISOString();
    value.last_runtime = 0.1;
    const row = literalRow(String(value.sql));
    return format(row ? [row] : [], ctx.params.string('result_format'));
  },
};
