// Morning briefing: a personal copy of a template dashboard in each user's personal folder
// (made once, then reused), exported as a PDF per user. Copies are writes (approved as a plan);
// in the dry run a new copy is only planned, so it is rendered in the real run.
// Looker calls: dashboard, user, search_dashboards, copy_dashboard, update_dashboard,
// create_dashboard_render_task (polled until the PDF is in the file store).
// input: { templateDashboardId: "1", userIds: ["5", "6"] }
const template = await looker.dashboard({ dashboard_id: input.templateDashboardId, fields: 'id,title' });
const briefings = [];
for (const userId of input.userIds) {
  const user = await looker.user({ user_id: userId, fields: 'id,display_name,personal_folder_id' });
  if (!user.personal_folder_id) throw new Error(`user ${userId} has no personal folder`);
  const title = `Morning briefing: ${template.title}`;
  // Look first: the user's copy from an earlier run is reused, never made twice.
  let briefing = (await looker.search_dashboards({ folder_id: user.personal_folder_id, title, fields: 'id,title' }))[0];
  if (!briefing) {
    const copy = await looker.copy_dashboard({ dashboard_id: template.id, folder_id: user.personal_folder_id });
    briefing = await looker.update_dashboard({ dashboard_id: copy.id, body: { title } });
  }
  const pdf = briefing.planned
    ? null
    : await looker.create_dashboard_render_task({
        dashboard_id: briefing.id, result_format: 'pdf', width: 1280, height: 1024, body: { dashboard_style: 'tiled' },
      });
  briefings.push({ user: user.display_name, dashboardId: briefing.id, pdf: pdf?.file ?? null });
  progress(briefings.length, input.userIds.length, user.display_name);
}
return briefings;
