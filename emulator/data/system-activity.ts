/**
 * The `system__activity` model: the explores and fields admins query in
 * Looker's System Activity, filled from the emulator's own state (content,
 * users, the queries it ran, the schedules and alerts it delivered); see
 * query/activity*.ts for the rows.
 */
import { dim, measure, type DimensionDef, type ExploreDef, type MeasureDef, type ModelDef } from './fields';

const count = (name: string, label = 'Count'): MeasureDef => measure(name, label, 'count', [0, 0], { aggregate: { kind: 'count' } });
const countOf = (name: string, label: string, of: string): MeasureDef =>
  measure(name, label, 'count_distinct', [0, 0], { aggregate: { kind: 'count_distinct', of } });
const sumOf = (name: string, label: string, of: string, decimals = 0): MeasureDef =>
  measure(name, label, 'sum', [0, 0], { aggregate: { kind: 'sum', of }, decimals });

const time = (view: string, base: string, label: string): DimensionDef[] => [
  dim(`${view}.${base}_date`, `${label} Date`, 'date'),
  dim(`${view}.${base}_time`, `${label} Time`, 'date_time'),
];

const userFields = (): DimensionDef[] => [
  dim('user.id', 'ID', 'number'),
  dim('user.name', 'Name', 'string'),
  dim('user.email', 'Email', 'string'),
];
const dashboardFields = (): DimensionDef[] => [dim('dashboard.id', 'ID', 'string'), dim('dashboard.title', 'Title', 'string')];
const lookFields = (): DimensionDef[] => [dim('look.id', 'ID', 'number'), dim('look.title', 'Title', 'string')];
const queryFields = (): DimensionDef[] => [
  dim('query.id', 'ID', 'number'),
  dim('query.model', 'Model', 'string'),
  dim('query.view', 'Explore', 'string', { description: 'The explore the query ran against' }),
  dim('query.fields', 'Fields', 'string'),
  dim('query.formatted_fields', 'Formatted Fields', 'string'),
  dim('query.filters', 'Filters', 'string'),
  dim('query.formatted_filters', 'Formatted Filters', 'string'),
  dim('query.sorts', 'Sorts', 'string'),
  dim('query.limit', 'Limit', 'number'),
  dim('query.slug', 'Slug', 'string'),
  dim('query.link', 'Link', 'string'),
];
const planFields = (): DimensionDef[] => [
  dim('scheduled_plan.id', 'ID', 'number'),
  dim('scheduled_plan.name', 'Name', 'string'),
  dim('scheduled_plan.enabled', 'Enabled', 'yesno'),
  dim('scheduled_plan.crontab', 'Crontab', 'string'),
  dim('scheduled_plan.cron_schedule', 'Cron Schedule', 'string'),
  dim('scheduled_plan.datagroup', 'Datagroup', 'string'),
  dim('scheduled_plan.user_id', 'User ID', 'number'),
  dim('scheduled_plan.send_all_results', 'Send All Results', 'yesno'),
  dim('scheduled_plan.destination_addresses', 'Destination Addresses', 'string'),
  dim('scheduled_plan.run_once', 'Run Once', 'yesno'),
  dim('scheduled_plan.content_type', 'Content Type', 'string'),
  ...time('scheduled_plan', 'created', 'Created'),
  dim('scheduled_plan_destination.type', 'Type', 'string'),
  dim('scheduled_plan_destination.format', 'Format', 'string'),
  dim('scheduled_plan_destination.address', 'Address', 'string'),
];

/** Each run of a schedule, per destination; Looker joins these into the scheduled_plan explore too. */
const jobFields = (): ExploreDef['fields'] => [
  dim('scheduled_job.id', 'ID', 'number'),
  dim('scheduled_job.name', 'Name', 'string'),
  dim('scheduled_job.status', 'Status', 'string'),
  dim('scheduled_job.status_detail', 'Status Detail', 'string'),
  dim('scheduled_job.user_id', 'User ID', 'number'),
  dim('scheduled_job.cron_schedule', 'Cron Schedule', 'string'),
  ...time('scheduled_job', 'created', 'Created'),
  ...time('scheduled_job', 'finalized', 'Finalized'),
  dim('scheduled_job_stage.runtime', 'Runtime', 'number'),
  countOf('scheduled_job.count', 'Count', 'scheduled_job.id'),
  measure('scheduled_job_stage.avg_runtime', 'Average Runtime', 'average', [0, 0], { aggregate: { kind: 'average', of: 'scheduled_job_stage.runtime' }, decimals: 3 }),
];

const explore = (name: string, label: string, description: string, fields: ExploreDef['fields']): ExploreDef => ({ name, label, description, stateBacked: true, fields });

export const systemActivity: ModelDef = {
  name: 'system__activity',
  label: 'System Activity',
  project_name: 'system__activity',
  connection: 'looker',
  explores: [
    explore('content_usage', 'Content Usage', 'Last access and usage of dashboards and looks', [
      dim('content_usage.content_title', 'Content Title', 'string'),
      dim('content_usage.content_type', 'Content Type', 'string'),
      dim('content_usage.content_id', 'Content ID', 'string'),
      dim('content_usage.last_accessed_date', 'Last Accessed Date', 'date'),
      dim('content_usage.days_since_last_accessed', 'Days Since Last Accessed', 'number'),
      dim('content_usage.view_count', 'View Count', 'number'),
      dim('content_usage.favorites_count', 'Favorites Count', 'number'),
      dim('content_usage.schedule_count', 'Schedule Count', 'number'),
      dim('content_usage.api_count', 'API Count', 'number'),
      dim('dashboard.id', 'ID', 'string'),
      dim('dashboard.title', 'Title', 'string'),
      dim('dashboard.deleted_date', 'Deleted Date', 'date'),
      dim('dashboard.created_date', 'Created Date', 'date'),
      dim('look.id', 'ID', 'number'),
      dim('look.title', 'Title', 'string'),
      dim('look.deleted_date', 'Deleted Date', 'date'),
      dim('look.created_date', 'Created Date', 'date'),
      dim('user.id', 'ID', 'number'),
      dim('user.name', 'Name', 'string'),
      sumOf('content_usage.view_total', 'View Total', 'content_usage.view_count'),
      sumOf('content_usage.favorites_total', 'Favorites Total', 'content_usage.favorites_count'),
      sumOf('content_usage.schedule_total', 'Schedule Total', 'content_usage.schedule_count'),
      sumOf('content_usage.api_total', 'API Total', 'content_usage.api_count'),
      count('content_usage.count'),
    ]),
    explore('user', 'User', 'Looker users', [
      ...userFields(),
      dim('user.is_disabled', 'Is Disabled', 'yesno'),
      dim('user.created_date', 'Created Date', 'date'),
      ...time('user_facts', 'last_ui_login', 'Last UI Login'),
      ...time('user_facts', 'last_api_login', 'Last API Login'),
      count('user.count'),
    ]),
    explore('dashboard', 'Dashboard', 'Dashboards', [
      ...dashboardFields(),
      dim('dashboard.created_date', 'Created Date', 'date'),
      dim('dashboard.deleted_date', 'Deleted Date', 'date'),
      dim('user.id', 'ID', 'number'),
      dim('user.name', 'Name', 'string'),
      count('dashboard.count'),
    ]),
    explore('look', 'Look', 'Looks', [
      ...lookFields(),
      dim('look.created_date', 'Created Date', 'date'),
      dim('look.deleted_date', 'Deleted Date', 'date'),
      dim('user.id', 'ID', 'number'),
      dim('user.name', 'Name', 'string'),
      count('look.count'),
    ]),
    explore('history', 'History', 'Every query the instance ran: who, from where, how long, on which content', [
      dim('history.id', 'ID', 'number'),
      ...time('history', 'created', 'Created'),
      dim('history.completed_date', 'Completed Date', 'date'),
      dim('history.completed_time', 'Completed Time', 'date_time'),
      dim('history.dashboard_id', 'Dashboard ID', 'string'),
      dim('history.look_id', 'Look ID', 'number'),
      dim('history.runtime', 'Runtime in Seconds', 'number'),
      dim('history.source', 'Source', 'string'),
      dim('history.status', 'Status', 'string'),
      dim('history.result_source', 'Result Source', 'string'),
      dim('history.result_format', 'Result Format', 'string'),
      dim('history.message', 'Message', 'string'),
      ...queryFields(),
      ...userFields(),
      ...dashboardFields(),
      ...lookFields(),
      count('history.query_run_count', 'Query Run Count'),
      count('history.count'),
      sumOf('history.database_result_query_count', 'Database Result Query Count', 'history.__from_database'),
      sumOf('history.cache_result_query_count', 'Cache Result Query Count', 'history.__from_cache'),
      sumOf('history.queries_under_10s', 'Queries Under 10s', 'history.__under_10s'),
      measure('history.average_runtime', 'Average Runtime in Seconds', 'average', [0, 0], { aggregate: { kind: 'average', of: 'history.runtime' }, decimals: 3 }),
      sumOf('history.total_runtime', 'Total Runtime in Seconds', 'history.runtime', 3),
      measure('history.max_runtime', 'Max Runtime in Seconds', 'number', [0, 0], { aggregate: { kind: 'max', of: 'history.runtime' }, decimals: 3 }),
      countOf('query.count', 'Count', 'query.id'),
      countOf('user.count', 'Count', 'user.id'),
      countOf('dashboard.count', 'Count', 'dashboard.id'),
    ]),
    explore('field_usage', 'Field Usage', 'Every field of every explore and how often the queries of the last 90 days used it (0 for unused fields)', [
      dim('field_usage.model', 'Model', 'string'),
      dim('field_usage.explore', 'Explore', 'string'),
      dim('field_usage.base_view', 'Base View', 'string'),
      dim('field_usage.view', 'View', 'string'),
      dim('field_usage.field', 'Field', 'string'),
      sumOf('field_usage.times_used', 'Times Used', 'field_usage.__uses'),
    ]),
    explore('event', 'Event', 'Things that happened on the instance: logins, content created and deleted, schedules sent', [
      dim('event.id', 'ID', 'number'),
      dim('event.name', 'Name', 'string'),
      dim('event.category', 'Category', 'string'),
      ...time('event', 'created', 'Created'),
      dim('event.is_api_call', 'Is API Call', 'yesno'),
      ...userFields(),
      count('event.count'),
      countOf('user.count', 'Count', 'user.id'),
    ]),
    explore('event_attribute', 'Event Attribute', 'The attributes of each event (ids, titles, addresses)', [
      dim('event_attribute.id', 'ID', 'number'),
      dim('event_attribute.name', 'Name', 'string'),
      dim('event_attribute.value', 'Value', 'string'),
      dim('event.id', 'ID', 'number'),
      dim('event.name', 'Name', 'string'),
      ...time('event', 'created', 'Created'),
      ...userFields(),
      count('event_attribute.count'),
      countOf('event.count', 'Count', 'event.id'),
    ]),
    explore('scheduled_plan', 'Scheduled Plan', 'Schedules, their destinations and their runs (a plan that never ran has one row per destination)', [
      ...planFields(),
      ...jobFields(),
      ...userFields(),
      ...dashboardFields(),
      ...lookFields(),
      countOf('scheduled_plan.count', 'Count', 'scheduled_plan.id'),
    ]),
    explore('scheduled_job', 'Scheduled Job', 'Each run of a schedule (one row per destination) and how it ended', [
      ...jobFields(),
      ...planFields(),
      ...userFields(),
      ...dashboardFields(),
      ...lookFields(),
    ]),
    explore('pdt_event_log', 'PDT Event Log', 'Persistent derived table builds (the emulator builds none, so it is empty)', [
      dim('pdt_event_log.action', 'Action', 'string'),
      dim('pdt_event_log.connection', 'Connection', 'string'),
      dim('pdt_event_log.model_name', 'Model Name', 'string'),
      dim('pdt_event_log.view_name', 'View Name', 'string'),
      dim('pdt_event_log.tablename', 'Tablename', 'string'),
      dim('pdt_event_log.hash', 'Hash', 'string'),
      ...time('pdt_event_log', 'created', 'Created'),
      count('pdt_event_log.count'),
    ]),
  ],
};
