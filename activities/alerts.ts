// ensureAlert: an alert on a dashboard tile, created only when the API user has no identical one.
//
// Looker has no natural key for alerts, so "identical" means the same tile, field, comparison,
// threshold and owner: a retry after a lost create_alert response finds the first one again.
import type { ComparisonType, DestinationType, IAlert } from '@looker/sdk';
import type { LookerClient } from './looker-client';
import { readEveryPage } from './paging';

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

export interface EnsureAlertResult {
  id: string;
  created: boolean;
}

const ALERT_FIELDS = 'id,owner_id,dashboard_element_id,comparison_type,threshold,field';

export function createAlertActivities({ looker }: { looker: LookerClient }) {
  async function findIdentical(input: EnsureAlertInput, ownerId: string): Promise<string | undefined> {
    const alerts: IAlert[] = await readEveryPage(looker, 'search_alerts', (sdk, page) => sdk.search_alerts({ fields: ALERT_FIELDS, ...page }));
    return alerts.find(
      (a) =>
        a.owner_id === ownerId &&
        a.dashboard_element_id === input.dashboardElementId &&
        a.field?.name === input.field.name &&
        a.comparison_type === input.comparisonType &&
        a.threshold === input.threshold,
    )?.id;
  }

  return {
    async ensureAlert(input: EnsureAlertInput): Promise<EnsureAlertResult> {
      const me = await looker.call('me', (sdk) => sdk.me('id'));
      const ownerId = me.id!;
      const existing = await findIdentical(input, ownerId);
      if (existing) return { id: existing, created: false };
      const alert = await looker.call('create_alert', (sdk) =>
        sdk.create_alert({
          dashboard_element_id: input.dashboardElementId,
          field: { name: input.field.name, title: input.field.title },
          comparison_type: input.comparisonType as ComparisonType,
          threshold: input.threshold,
          cron: input.cron,
          owner_id: ownerId,
          custom_title: input.customTitle ?? null,
          destinations: input.emails.map((email) => ({ destination_type: 'EMAIL' as DestinationType, email_address: email })),
        }),
      );
      return { id: alert.id!, created: true };
    },
  };
}
