/**
 * The SQL dialects Looker knows (a few of them), so a connection shows the
 * dialect its `dialect_name` names, and `all_dialect_infos` lists them.
 */
import type { RequestContext } from '../../core/context';
import type { Behaviour, ResourceEngine } from '../engine';
import { requireRecord } from '../engine';

interface DialectDef {
  name: string;
  label: string;
  port: string | null;
  database: string;
  schema: string;
}

export const DIALECTS: DialectDef[] = [
  { name: 'bigquery_standard_sql', label: 'Google BigQuery Standard SQL', port: null, database: 'Project', schema: 'Dataset' },
  { name: 'postgres', label: 'PostgreSQL 9.5+', port: '5432', database: 'Database', schema: 'Schema' },
  { name: 'snowflake', label: 'Snowflake', port: '443', database: 'Database', schema: 'Schema' },
  { name: 'mysql', label: 'MySQL', port: '3306', database: 'Database', schema: 'Schema' },
  { name: 'redshift', label: 'Amazon Redshift', port: '5439', database: 'Database', schema: 'Schema' },
  { name: 'databricks', label: 'Databricks', port: '443', database: 'Catalog', schema: 'Schema' },
];

export const CONNECTION_TESTS = ['connect', 'kill', 'query', 'database_timezone', 'database_version', 'tmp_db', 'cdt', 'tmp_db_views'];

/** DialectInfo records, as every Looker lists them. */
export function dialectInfos(): Record<string, unknown>[] {
  return DIALECTS.map((d) => ({
    name: d.name, label: d.label, default_port: d.port, default_max_connections: '30', default_max_queries: '30', default_max_queries_per_user: '10',
    installed: true, label_for_database_equivalent: d.database, label_for_schema_equivalent: d.schema, supported_driver_name: d.name, supported_driver_versions: [],
  }));
}

/** A connection's `dialect`, from its `dialect_name` (Looker does not store it apart). */
export function dialectOf(value: Record<string, unknown>): Record<string, unknown> {
  const name = String(value.dialect_name ?? '');
  const known = DIALECTS.find((d) => d.name === name);
  return { ...(value.dialect as object | undefined), name, label: known?.label ?? name, connection_tests: CONNECTION_TESTS, supports_ssl: true };
}

function connectionValue(ctx: RequestContext, engine: ResourceEngine): Record<string, unknown> {
  return requireRecord(ctx, engine, 'DBConnection', ctx.params.string('connection_name')).value;
}

export const dialectBehaviours: Record<string, Behaviour> = {
  connection_features: (ctx, engine) => {
    const conn = connectionValue(ctx, engine);
    return engine.present(ctx, 'ConnectionFeatures', { dialect_name: String(conn.dialect_name ?? ''), cost_estimate: false, multiple_databases: conn.dialect_name === 'bigquery_standard_sql', column_search: true, persistent_table_indexes: false, persistent_derived_tables: true, turtles: true, percentile: true, distinct_percentile: true, stable_views: true, milliseconds: true, microseconds: true, subtotals: true, location: false, timezone: true, connection_pooling: true });
  },
};
