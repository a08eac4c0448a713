// A job's change list: every write its activities made to Looker, one JSON line each in the
// file store (jobs/<jobId>/changes.jsonl). Activities append to it; `lookerflow jobs audit` and
// MCP get_job read it. Types only, so workflows, activities and the job service share them.

export interface LookerChange {
  /** When Looker answered the write, or (outcome unknown) when the call gave up waiting (ISO). */
  at: string;
  /** The activity that made it, e.g. ensureScheduledPlan. */
  activity: string;
  /** The Looker API operation, e.g. update_scheduled_plan. */
  operation: string;
  /** The object written, named by its API collection in the singular, e.g. scheduled_plan, user. */
  type: string;
  id?: string;
  /** A part of the object the write was about, e.g. `roles` or `attribute_values/7` of a user. */
  part?: string;
  /** create, update or delete; other operations by their id, e.g. send_user_credentials_email_password_reset. */
  action: string;
  /** The request path, e.g. /api/4.0/scheduled_plans/12. */
  path: string;
  /** The object's page in Looker's web UI, after its web address, e.g. /dashboards/12 (dashboards, looks, folders, users, groups; a tile, dashboard filter or schedule: the dashboard or Look it belongs to). */
  page?: string;
  /** Each field the write set: its value before (when the activity had read it) and after. */
  fields?: Record<string, { before?: unknown; after?: unknown }>;
  /**
   * 'unknown': the write went out and no answer came back (the connection was lost or timed
   * out), so Looker may have applied it; `fields` are the body as sent, `id` is there only when
   * the path names it. The activity's retry looks before it writes, so it may write nothing
   * more. Absent for a write Looker answered with success (the only other kind listed: refused
   * or failed writes are not changes).
   */
  outcome?: 'unknown';
}

/**
 * Where a job's change list is kept in the file store: in the job's folder, as the file store
 * names it (a child's id `<parent>/<email>` nests under its parent's folder, which the
 * retention keeps while the parent is open).
 */
export function changeListPath(jobId: string): string {
  const segments = jobId.split('/').filter((s) => s && s !== '.' && s !== '..');
  return ['jobs', ...segments.map((s) => s.replace(/[^A-Za-z0-9._-]/g, '_')), 'changes.jsonl'].join('/');
}

/**
 * Memo key the job service sets on a job that writes to Looker: its run ends by counting its
 * change list into the result and the Temporal UI's details (workflows/support/change-summary.ts).
 */
export const RECORDS_CHANGES_MEMO = 'lookerflowRecordsChanges';

/** One change as a result and the Temporal UI show it: what, which object, and its page. */
export interface ChangeSample {
  action: string;
  type: string;
  id?: string;
  part?: string;
  /** The object's title or name, when the write set one. */
  name?: string;
  /** The object's page in Looker (web address + page). */
  url?: string;
  /** Set when the write went out and no answer came back. */
  outcome?: 'unknown';
}

/** How a job's change list (with its children's) counts. */
export interface ChangeCounts {
  /** The job's own change list (its children's lists sit in the folder beside it). */
  path: string;
  count: number;
  /** By action, type and part, e.g. { "create dashboard": 1, "update user roles": 3 }; writes whose answer was lost apart. */
  counts: Record<string, number>;
  /** How many went out with no answer back, when any did. */
  outcomeUnknown?: number;
  /** Lines that are not a change (a worker killed mid-append leaves part of one). */
  unreadable?: number;
}

/** What a writing job's result carries of its change list: the counts and the first changes, in order. */
export interface ChangeSummary extends ChangeCounts {
  sample: ChangeSample[];
}

/** The change list as the audit reads it: the counts and the first changes whole. */
export interface JobChanges extends ChangeCounts {
  changes: LookerChange[];
}

/** The key a change is counted under, e.g. `update scheduled_plan`, `update user roles`, `create alert (outcome unknown)`. */
export function changeCountKey(change: Pick<LookerChange, 'action' | 'type' | 'part' | 'outcome'>): string {
  const part = change.part?.split('/')[0];
  return [change.action, change.type, part].filter(Boolean).join(' ') + (change.outcome ? ` (outcome ${change.outcome})` : '');
}
