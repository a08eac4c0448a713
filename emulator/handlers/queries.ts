/** Queries (deduplicated on create) and synchronous runs. */
import type { IQuery } from '@looker/sdk';
import type { HandlerTable, RequestContext } from '../core/context';
import { ApiError, documentationUrl, invalidField, notFound } from '../core/errors';
import { findOrInsertQuery } from '../core/records';
import { Reply } from '../core/reply';
import type { QueryRecord } from '../core/state';
import { QueryError, buildSql, runQuery, type QuerySpec } from '../query/engine';
import { recordHistory } from '../query/history';
import { assertSupportedFormat, formatResult } from '../query/format';
import { CAN, findOr404, requireString, type Wire } from './common';

export function presentQuery(ctx: RequestContext, query: QueryRecord): Wire<IQuery> {
  return {
    can: CAN,
    id: query.id,
    model: query.model,
    view: query.view,
    fields: query.fields,
    pivots: query.pivots,
    fill_fields: null,
    filters: query.filters,
    filter_expression: query.filter_expression,
    sorts: query.sorts,
    limit: query.limit,
    column_limit: query.column_limit,
    total: query.total,
    row_total: null,
    subtotals: null,
    vis_config: query.vis_config,
    filter_config: null,
    visible_ui_sections: null,
    slug: query.slug,
    dynamic_fields: query.dynamic_fields,
    client_id: query.client_id,
    share_url: `${ctx.origin}/x/${query.slug}`,
    expanded_share_url: `${ctx.origin}/explore/${query.model}/${query.view}?qid=${query.slug}`,
    url: `/explore/${query.model}/${query.view}?qid=${query.slug}`,
    query_timezone: query.query_timezone,
    has_table_calculations: false,
  };
}

/** Reads a WriteQuery body into the stored shape (limit is a string on the wire). */
export function queryFromBody(body: Record<string, any>): Omit<QueryRecord, 'id' | 'slug' | 'client_id'> {
  const model = requireString(body, 'model');
  const view = requireString(body, 'view');
  if (body.limit !== undefined && body.limit !== null && !/^-?\d+$/.test(String(body.limit))) {
    throw invalidField('limit', 'must be an integer given as a string');
  }
  return {
    model,
    view,
    fields: body.fields ?? [],
    pivots: body.pivots ?? null,
    filters: body.filters ?? null,
    filter_expression: body.filter_expression ?? null,
    sorts: body.sorts ?? [],
    limit: body.limit === undefined || body.limit === null ? null : String(body.limit),
    column_limit: body.column_limit ?? null,
    total: body.total ?? false,
    dynamic_fields: body.dynamic_fields ?? null,
    vis_config: body.vis_config ?? null,
    query_timezone: body.query_timezone ?? null,
  };
}

/** Where a run came from, for System Activity's history (none when re-reading a task's results). */
export interface RunOrigin {
  source: string;
  lookId?: string | null;
  dashboardId?: string | null;
}

/**
 * Runs a query synchronously. A query that cannot run is a 400 carrying, like
 * Looker's, the message, `errors[]` naming the field, and the query's `sql`.
 */
export function runAndFormat(ctx: RequestContext, spec: QuerySpec & { id?: string }, format: string, origin?: RunOrigin): Reply {
  assertSupportedFormat(format);
  const record = (error: string | null) => {
    if (!origin || !spec.id) return;
    recordHistory(ctx.core.state, ctx.core.clock, {
      queryId: spec.id, userId: ctx.user.id, source: origin.source, resultFormat: format, runtime: ctx.core.config.queryDurationMs / 1000,
      error, lookId: origin.lookId, dashboardId: origin.dashboardId,
    });
  };
  try {
    const result = runQuery(ctx.core.state, spec, ctx.core.clock.now(), ctx.core.seedNumber, ctx.params.optInt('limit'));
    const formatted = formatResult(result, format, ctx.core.clock.now());
    record(null);
    return new Reply(200, formatted.value, formatted.contentType);
  } catch (error) {
    if (!(error instanceof QueryError)) throw error;
    record(error.message);
    if (!error.field) throw new ApiError(404, error.message);
    return Reply.json(queryErrorBody(ctx, spec, error.message, error.field), 400);
  }
}

/** Looker's body for a query that failed: message, errors[] and the SQL it tried. */
export function queryErrorBody(ctx: RequestContext, spec: QuerySpec, message: string, field: string | null = null): Record<string, unknown> {
  const documentation_url = documentationUrl(400, ctx.op.method, ctx.op.pathTemplate);
  return {
    message,
    errors: [{ field, code: 'invalid', message, message_details: null, level: 'error', documentation_url }],
    sql: buildSql(spec),
    documentation_url,
  };
}

export const queryHandlers: HandlerTable = {
  create_query: (ctx) => {
    const query = findOrInsertQuery(ctx.core.state, queryFromBody(ctx.body ?? {}));
    return presentQuery(ctx, query);
  },
  query: (ctx) => presentQuery(ctx, findOr404(ctx.core.state.queries, ctx.params.string('query_id'), 'Query')),
  query_for_slug: (ctx) => {
    const slug = ctx.params.string('slug');
    const query = Object.values(ctx.core.state.queries).find((q) => q.slug === slug);
    if (!query) throw notFound('Query not found');
    return presentQuery(ctx, query);
  },
  run_query: (ctx) => {
    const query = findOr404(ctx.core.state.queries, ctx.params.string('query_id'), 'Query');
    return runAndFormat(ctx, query, ctx.params.string('result_format'), { source: 'api4' });
  },
  // Looker saves an inline query like any other, so its runs show in History.
  run_inline_query: (ctx) => runAndFormat(ctx, findOrInsertQuery(ctx.core.state, queryFromBody(ctx.body ?? {})), ctx.params.string('result_format'), { source: 'api4' }),
  // The query is in the URL as an Explore URL writes it: fields=, f[field]=, sorts=, limit=, pivots=.
  run_url_encoded_query: (ctx) => {
    const search = ctx.url.searchParams;
    const list = (name: string) => search.get(name)?.split(',').map((v) => v.trim()).filter(Boolean);
    const filters = Object.fromEntries([...search.entries()].flatMap(([k, v]) => {
      const field = /^f\[(.+)\]$/.exec(k)?.[1];
      return field ? [[field, v]] : [];
    }));
    const query = findOrInsertQuery(ctx.core.state, queryFromBody({
      model: ctx.params.string('model_name'), view: ctx.params.string('view_name'), fields: list('fields') ?? [], sorts: list('sorts'), pivots: list('pivots'),
      filters: Object.keys(filters).length ? filters : null, limit: search.get('limit') ?? undefined, query_timezone: search.get('query_timezone') ?? undefined,
      total: search.get('total') === 'true' || undefined,
    }));
    return runAndFormat(ctx, query, ctx.params.string('result_format'), { source: 'api4' });
  },
  run_look: (ctx) => {
    const look = findOr404(ctx.core.state.looks, ctx.params.string('look_id'), 'Look');
    const query = findOr404(ctx.core.state.queries, look.query_id, 'Query');
    return runAndFormat(ctx, query, ctx.params.string('result_format'), { source: 'api4', lookId: look.id });
  },
};
