// ensureAlert: an alert on a dashboard tile, made to match the input.
//
// Looker has no natural key for alerts, so the alert is the API user's one watching the same tile,
// field, comparison and threshold: a retry after a lost create_alert response finds the first one
// again. Its cron, title and recipients are updated when they differ from the input.
import type { ComparisonType, DestinationType, IAlert } from '@looker/sdk';
import type { LookerClient } from './looker-client';
import { readEveryPage } from './paging';
import { ensureResult, type EnsureResult } from './ensure-result';

export interface EnsureAlertInput {
  dashboardElementId: string;
  field: { name: string; title: string };
  /** One of Looker's comparison_type values, e.g. LESS_THAN. */
  comparisonType: string;
  threshold: number;
  cron: string;
  emails: string[];
  customTitle?: string;
}

export type EnsureAlertResult = EnsureResult;

const ALERT_FIELDS = 'id,owner_id,dashboard_element_id,comparison_type,threshold,field,cron,custom_title,destinations';

export function createAlertActivities({ looker }: { looker: LookerClient }) {
  /** The owner's alert watching the same thing: tile, field, comparison and threshold. */
  async function findSame(input: EnsureAlertInput, ownerId: string): Promise<IAlert | undefined> {
    const alerts: IAlert[] = await readEveryPage(looker, 'search_alerts', (sdk, page) => sdk.search_alerts({ fields: ALERT_FIELDS, ...page }));
    return alerts.find(
      (a) =>
        a.owner_id === ownerId &&
        a.dashboard_element_id === input.dashboardElementId &&
        a.field?.name === input.field.name &&
        a.comparison_type === input.comparisonType &&
        a.threshold === input.threshold,
    );
  }

  return {
    async ensureAlert(input: EnsureAlertInput): Promise<EnsureAlertResult> {
      const me = await looker.call('me', (sdk) => sdk.me('id'));
      const ownerId = me.id!;
      const wanted = desiredAlert(input, ownerId);
      const existing = await findSame(input, ownerId);
      if (!existing) {
        const alert = await looker.call('create_alert', (sdk) => sdk.create_alert(wanted));
        return ensureResult(alert.id!, 'created');
      }
      if (sameSettings(existing, wanted)) return ensureResult(existing.id!, 'unchanged');
      // update_alert replaces the alert (Looker requires every field), so send all of them.
      await looker.call('update_alert', (sdk) => sdk.update_alert(existing.id!, wanted));
      return ensureResult(existing.id!, 'updated');
    },
  };
}

function desiredAlert(input: EnsureAlertInput, ownerId: string) {
  return {
    dashboard_element_id: input.dashboardElementId,
    field: { name: input.field.name, title: input.field.title },
    comparison_type: input.comparisonType as ComparisonType,
    threshold: input.threshold,
    cron: input.cron,
    owner_id: ownerId,
    custom_title: input.customTitle ?? null,
    destinations: input.emails.map((email) => ({ destination_type: 'EMAIL' as DestinationType, email_address: email })),
  };
}

/** Cron, title and the set of email recipients: what a re-run may change on the same alert. */
function sameSettings(alert: IAlert, wanted: ReturnType<typeof desiredAlert>): boolean {
  const recipients = (destinations: Array<{ destination_type?: string | null; email_address?: string | null }>) =>
    destinations.map((d) => `${d.destination_type ?? ''}|${(d.email_address ?? '').toLowerCase()}`).sort().join(',');
  return (
    alert.cron === wanted.cron &&
    (alert.custom_title ?? null) === wanted.custom_title &&
    recipients(alert.destinations ?? []) === recipients(wanted.destinations)
  );
}
