/** User attribute definitions (values per user live in users.ts). */
import type { IUserAttribute } from '@looker/sdk';
import type { HandlerTable } from '../core/context';
import { conflict, invalidField } from '../core/errors';
import { Reply } from '../core/reply';
import { sortRecords } from '../core/search';
import { nextId, type UserAttributeRecord } from '../core/state';
import { CAN, assignDefined, findOr404, requireAdmin, requireString, sortById, type Wire } from './common';

const ATTRIBUTE_TYPES = ['string', 'number', 'datetime', 'relative_url', 'advanced_filter_string', 'advanced_filter_number', 'advanced_filter_datetime', 'yesno', 'zipcode'];
const WRITABLE = ['label', 'type', 'default_value', 'value_is_hidden', 'user_can_view', 'user_can_edit'] as const;

export function presentUserAttribute(a: UserAttributeRecord): Wire<IUserAttribute> {
  return { can: CAN, ...a, hidden_value_domain_whitelist: null, needed_for_ci_run: false, value_for_ci_run: null };
}

export const userAttributeHandlers: HandlerTable = {
  all_user_attributes: (ctx) =>
    sortRecords(sortById(Object.values(ctx.core.state.user_attributes)), ctx.params.optString('sorts'), (a, f) => (a as any)[f]).map(presentUserAttribute),
  user_attribute: (ctx) => presentUserAttribute(findOr404(ctx.core.state.user_attributes, ctx.params.string('user_attribute_id'), 'User attribute')),
  create_user_attribute: (ctx) => {
    requireAdmin(ctx);
    const name = requireString(ctx.body, 'name');
    if (!/^[a-z][a-z0-9_]*$/.test(name)) throw invalidField('name', 'must contain only lowercase letters, digits and underscores');
    if (!ATTRIBUTE_TYPES.includes(ctx.body.type)) throw invalidField('type', `must be one of ${ATTRIBUTE_TYPES.join(', ')}`);
    if (Object.values(ctx.core.state.user_attributes).some((a) => a.name === name)) throw conflict(`User attribute ${name} already exists`);
    const record: UserAttributeRecord = {
      id: nextId(ctx.core.state, 'user_attributes'),
      name,
      label: requireString(ctx.body, 'label'),
      type: ctx.body.type,
      default_value: null,
      value_is_hidden: false,
      user_can_view: true,
      user_can_edit: false,
      is_system: false,
      is_permanent: false,
    };
    assignDefined(record, ctx.body, WRITABLE);
    ctx.core.state.user_attributes[record.id] = record;
    return presentUserAttribute(record);
  },
  update_user_attribute: (ctx) => {
    requireAdmin(ctx);
    const record = findOr404(ctx.core.state.user_attributes, ctx.params.string('user_attribute_id'), 'User attribute');
    assignDefined(record, ctx.body, WRITABLE);
    return presentUserAttribute(record);
  },
  delete_user_attribute: (ctx) => {
    requireAdmin(ctx);
    const record = findOr404(ctx.core.state.user_attributes, ctx.params.string('user_attribute_id'), 'User attribute');
    if (record.is_system) throw invalidField('id', 'System user attributes cannot be deleted');
    delete ctx.core.state.user_attributes[record.id];
    for (const user of Object.values(ctx.core.state.users)) delete user.attribute_values[record.id];
    return Reply.empty(204);
  },
};
