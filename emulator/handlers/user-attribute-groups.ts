/**
 * User attribute values set on groups (engine UserAttributeGroupValue
 * records): set as a ranked list, changed or removed per group, and used
 * for a member who has no value of their own, the best-ranked group winning.
 */
import type { HandlerTable, RequestContext } from '../core/context';
import { invalidField } from '../core/errors';
import { Reply } from '../core/reply';
import type { EmulatorState } from '../core/state';
import { collection, insertRecord, nextEngineId, removeRecord, type EngineRecord } from '../engine/store';
import { CAN, findOr404, findOr422, requireAdmin } from './common';

const MODEL = 'UserAttributeGroupValue';

function valuesOf(state: EmulatorState, attributeId: string): EngineRecord[] {
  return collection(state, MODEL)
    .filter((r) => String(r.value.user_attribute_id) === attributeId)
    .sort((a, b) => Number(a.value.rank) - Number(b.value.rank));
}

const present = (r: EngineRecord) => ({ can: CAN, ...r.value });

/** The group value a user gets for an attribute (rank 1 is the highest priority), if any. */
export function groupValueFor(state: EmulatorState, userId: string, attributeId: string): { value: string; rank: number } | undefined {
  const found = valuesOf(state, attributeId).find((r) => state.groups[String(r.value.group_id)]?.user_ids.includes(userId));
  return found ? { value: String(found.value.value), rank: Number(found.value.rank) } : undefined;
}

const attributeOr404 = (ctx: RequestContext) => findOr404(ctx.core.state.user_attributes, ctx.params.string('user_attribute_id'), 'User attribute');

export const userAttributeGroupHandlers: HandlerTable = {
  all_user_attribute_group_values: (ctx) => valuesOf(ctx.core.state, attributeOr404(ctx).id).map(present),
  set_user_attribute_group_values: (ctx) => {
    requireAdmin(ctx);
    const attribute = attributeOr404(ctx);
    const items = Array.isArray(ctx.body) ? (ctx.body as Record<string, unknown>[]) : [];
    items.forEach((item, i) => {
      findOr422(ctx.core.state.groups, item.group_id == null ? null : String(item.group_id), `[${i}].group_id`, 'Group');
      if (item.value === undefined || item.value === null) throw invalidField(`[${i}].value`, 'This field is required.', 'missing');
    });
    for (const r of valuesOf(ctx.core.state, attribute.id)) removeRecord(ctx.core.state, MODEL, r);
    // The list's order is the priority: the first group's value wins.
    items.forEach((item, i) => insertRecord(ctx.core.state, MODEL, {
      id: nextEngineId(ctx.core.state, MODEL), group_id: String(item.group_id), user_attribute_id: attribute.id,
      value_is_hidden: attribute.value_is_hidden, rank: i + 1, value: String(item.value),
    }, { user_attribute_id: attribute.id }));
    return valuesOf(ctx.core.state, attribute.id).map(present);
  },
  update_user_attribute_group_value: (ctx) => {
    requireAdmin(ctx);
    const group = findOr404(ctx.core.state.groups, ctx.params.string('group_id'), 'Group');
    const attribute = attributeOr404(ctx);
    if (ctx.body?.value === undefined || ctx.body.value === null) throw invalidField('value', 'This field is required.', 'missing');
    const values = valuesOf(ctx.core.state, attribute.id);
    const existing = values.find((r) => r.value.group_id === group.id);
    if (existing) existing.value.value = String(ctx.body.value);
    const record = existing ?? insertRecord(ctx.core.state, MODEL, {
      id: nextEngineId(ctx.core.state, MODEL), group_id: group.id, user_attribute_id: attribute.id,
      value_is_hidden: attribute.value_is_hidden, rank: values.length + 1, value: String(ctx.body.value),
    }, { user_attribute_id: attribute.id });
    return present(record);
  },
  delete_user_attribute_group_value: (ctx) => {
    requireAdmin(ctx);
    const group = findOr404(ctx.core.state.groups, ctx.params.string('group_id'), 'Group');
    const existing = valuesOf(ctx.core.state, attributeOr404(ctx).id).find((r) => r.value.group_id === group.id);
    if (existing) removeRecord(ctx.core.state, MODEL, existing);
    return Reply.empty(204);
  },
};
