/**
 * Database connections: tests that pass, and databases, schemas, tables
 * and columns taken from the LookML the emulator knows (a view's
 * dimensions are its table's columns).
 */
import type { RequestContext } from '../../core/context';
import { matchesValue } from '../../core/search';
import { CATALOGUE, type DimensionType } from '../../data/catalogue';
import type { Behaviour, ResourceEngine } from '../engine';
import { requireRecord } from '../engine';
import { CONNECTION_TESTS } from './dialects';

const SQL_TYPES: Record<DimensionType, string> = { string: 'VARCHAR', number: 'NUMERIC', date: 'DATE', date_time: 'TIMESTAMP', yesno: 'BOOLEAN' };

interface Table {
  schema: string;
  name: string;
  columns: { name: string; type: DimensionType }[];
}

function connection(ctx: RequestContext, engine: ResourceEngine): Record<string, unknown> {
  return requireRecord(ctx, engine, 'DBConnection', ctx.params.string('connection_name')).value;
}

function tables(conn: Record<string, unknown>): Table[] {
  const schema = String(conn.schema ?? 'public');
  const byName = new Map<string, Table>();
  for (const model of CATALOGUE.filter((m) => m.connection === conn.name)) {
    for (const explore of model.explores) {
      for (const field of explore.fields) {
        if (field.category !== 'dimension') continue;
        const [view, column] = field.name.split('.');
        const table = byName.get(view) ?? { schema, name: view, columns: [] };
        byName.set(view, table);
        if (!table.columns.some((c) => c.name === column)) table.columns.push({ name: column, type: field.type });
      }
    }
  }
  return [...byName.values()];
}

function testResults(ctx: RequestContext, conn: Record<string, unknown>) {
  const wanted = ctx.params.list('tests') ?? CONNECTION_TESTS;
  const host = String(conn.host ?? '');
  return wanted.map((name) => ({
    name,
    status: host ? 'success' : 'error',
    message: host ? `Test ${name} succeeded` : 'Cannot connect: no host given',
    connection_string: `${String(conn.dialect_name ?? 'jdbc')}://${host}${conn.port ? `:${String(conn.port)}` : ''}/${String(conn.database ?? '')}`,
  }));
}

const column = (t: Table, c: Table['columns'][number]) => ({
  name: c.name, sql_escaped_name: `"${c.name}"`, schema_name: t.schema, data_type_database: SQL_TYPES[c.type], data_type: SQL_TYPES[c.type], data_type_looker: c.type, description: null, column_size: null, snippets: [],
});

export const connectionBehaviours: Record<string, Behaviour> = {
  test_connection: (ctx, engine) => testResults(ctx, connection(ctx, engine)),
  test_connection_config: (ctx) => testResults(ctx, ctx.body ?? {}),
  connection_databases: (ctx, engine) => [String(connection(ctx, engine).database ?? '')],
  connection_schemas: (ctx, engine) => [{ name: String(connection(ctx, engine).schema ?? 'public'), is_default: true }],
  connection_tables: (ctx, engine) => {
    const conn = connection(ctx, engine);
    const filter = ctx.params.optString('table_filter');
    const list = tables(conn).filter((t) => !filter || t.name.toLowerCase().includes(filter.toLowerCase()));
    const limit = ctx.params.optInt('table_limit');
    return [{
      name: String(conn.schema ?? 'public'), is_default: true, table_limit_hit: limit !== undefined && list.length > limit,
      tables: list.slice(0, limit).map((t) => ({ name: t.name, sql_escaped_name: `"${t.name}"`, schema_name: t.schema, rows: null, external: null, snippets: [] })),
    }];
  },
  connection_columns: (ctx, engine) => {
    const names = ctx.params.list('table_names');
    return tables(connection(ctx, engine))
      .filter((t) => !names || names.includes(t.name))
      .map((t) => ({ name: t.name, sql_escaped_name: `"${t.name}"`, schema_name: t.schema, columns: t.columns.map((c) => column(t, c)) }));
  },
  connection_search_columns: (ctx, engine) => {
    const pattern = ctx.params.optString('column_name') ?? '%';
    const wanted = /[%_]/.test(pattern) ? pattern : `%${pattern}%`;
    return tables(connection(ctx, engine)).flatMap((t) =>
      t.columns.filter((c) => matchesValue(c.name, wanted)).map((c) => ({ schema_name: t.schema, table_name: t.name, column_name: c.name, data_type: SQL_TYPES[c.type] })),
    );
  },
};
