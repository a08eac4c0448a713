// Orphaned schedule rescuer: schedules whose owner is disabled go to a new owner (a write: the
// plan is approved first).
// Looker calls: user, all_scheduled_plans, update_scheduled_plan.
// input: { newOwnerId: "1" }
const newOwner = await looker.user({ user_id: input.newOwnerId, fields: 'id,is_disabled,display_name' });
if (newOwner.is_disabled) throw new Error(`user ${input.newOwnerId} is disabled`);
const plans = await looker.all_scheduled_plans({ all_users: true, fields: 'id,name,user_id' });
const owners = {};
for (const id of [...new Set(plans.map((p) => p.user_id))]) {
  owners[id] = await looker.user({ user_id: id, fields: 'id,is_disabled' }).catch(() => ({ is_disabled: true }));
}
const orphaned = plans.filter((p) => owners[p.user_id].is_disabled);
await parallel(orphaned, 5, (p) => looker.update_scheduled_plan({ scheduled_plan_id: p.id, body: { user_id: newOwner.id } }));
return { newOwner: newOwner.display_name, moved: orphaned.map((p) => ({ id: p.id, name: p.name })) };
