// Smart escalation router: each alert on a field goes to the on-call address of its owner's
// team, read from a user attribute (say `escalation_team`). Alerts already routed are left alone;
// the changes are writes, approved as a plan first.
// Looker calls: all_user_attributes, search_alerts, user_attribute_user_values, update_alert.
// input: { field: "events.daily_active_users", attribute: "escalation_team",
//          routes: { "growth": "growth-oncall@example.com", "default": "data-oncall@example.com" } }
const attribute = (await looker.all_user_attributes({ fields: 'id,name' })).find((a) => a.name === input.attribute);
if (!attribute) throw new Error(`no user attribute named ${input.attribute}`);
const alerts = (await looker.search_alerts({ all_owners: true })).filter((a) => !input.field || a.field?.name === input.field);

const teams = {};
const routed = [];
for (const alert of alerts) {
  if (!(alert.owner_id in teams)) {
    const values = await looker.user_attribute_user_values({ user_id: alert.owner_id, user_attribute_ids: [attribute.id], fields: 'value' });
    teams[alert.owner_id] = values[0]?.value ?? null;
  }
  const team = teams[alert.owner_id];
  const address = input.routes[team] ?? input.routes.default;
  if (!address) continue;
  const current = (alert.destinations ?? []).map((d) => d.email_address);
  if (current.length === 1 && current[0] === address) continue;
  // update_alert replaces the alert: every field is sent back, with the new destination.
  const { comparison_type, cron, threshold, owner_id, field, dashboard_element_id, lookml_dashboard_id, lookml_link_id, custom_title, description, is_disabled, is_public, applied_dashboard_filters, time_series_condition_state } = alert;
  await looker.update_alert({
    alert_id: alert.id,
    body: {
      comparison_type, cron, threshold, owner_id, field, dashboard_element_id, lookml_dashboard_id, lookml_link_id, custom_title, description, is_disabled, is_public, applied_dashboard_filters, time_series_condition_state,
      destinations: [{ destination_type: 'EMAIL', email_address: address }],
    },
  });
  routed.push({ alertId: alert.id, team, to: address, was: current });
}
return { alerts: alerts.length, routed };
