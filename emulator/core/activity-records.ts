/** Records of what the instance did: the queries it ran and the messages it sent (System Activity, outbox). */

/** One query the instance ran (System Activity `history`). Times are business-clock ISO strings. */
export interface HistoryRecord {
  id: string;
  query_id: string;
  user_id: string | null;
  /** api4, dashboard, look, scheduled_task, alert... */
  source: string;
  status: 'complete' | 'error' | 'killed';
  result_format: string | null;
  result_source: 'query' | 'cache';
  created_at: string;
  completed_at: string;
  runtime: number;
  dashboard_id: string | null;
  look_id: string | null;
  message: string | null;
}

/** One message the instance sent: a schedule run's delivery to one destination, or a fired alert. */
export interface DeliveryRecord {
  id: string;
  kind: 'scheduled_plan' | 'alert';
  scheduled_plan_id: string | null;
  alert_id: string | null;
  /** scheduled_plan_run_once runs leave their own one-off plan id here (that plan is not kept). */
  run_once: boolean;
  plan_name: string | null;
  dashboard_id: string | null;
  look_id: string | null;
  destination_type: string;
  address: string | null;
  format: string | null;
  title: string;
  status: 'success' | 'failure';
  status_detail: string | null;
  filename: string | null;
  content_type: string | null;
  /** The attachment, base64 (null for alerts and failed runs). */
  attachment_base64: string | null;
  attachment_bytes: number;
  /** Seconds the run took (simulated). */
  runtime: number;
  message: string | null;
  /** Alerts: the value that met the condition, the threshold, and whether the owner has read the notification. */
  field_value: number | null;
  threshold_value: number | null;
  is_read: boolean;
  user_id: string | null;
  created_at: string;
}
