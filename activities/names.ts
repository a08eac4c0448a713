// Role, group and user attribute names → ids, so job inputs can name them the way people do.
// Names match ignoring case; an unknown name fails, listing the valid ones, before anything is
// written.
import { ApplicationFailure } from '@temporalio/activity';
import type { LookerClient } from './looker-client';

interface Named {
  id?: string;
  name?: string | null;
}

/** How an unknown name of each kind is reported (the failure types are non-retryable in the workflows' options). */
const KINDS = {
  role: { failureType: 'UnknownRoleOrGroup', unknown: 'role name', valid: 'roles' },
  group: { failureType: 'UnknownRoleOrGroup', unknown: 'group name', valid: 'groups' },
  'user attribute': { failureType: 'UnknownUserAttribute', unknown: 'user attribute', valid: 'user attributes' },
} as const;

export type NameKind = keyof typeof KINDS;

export function createNameActivities({ looker }: { looker: LookerClient }) {
  return {
    /** Role ids in the order of `names` (matched case-insensitively); unknown names fail UnknownRoleOrGroup. */
    async resolveRoleIds(names: string[]): Promise<string[]> {
      const roles = await looker.call('all_roles', (sdk) => sdk.all_roles({ fields: 'id,name' }));
      return inOrder(names, idsByName('role', names, roles));
    },
    /** Group ids in the order of `names` (matched case-insensitively); unknown names fail UnknownRoleOrGroup. */
    async resolveGroupIds(names: string[]): Promise<string[]> {
      const groups = await looker.call('all_groups', (sdk) => sdk.all_groups({ fields: 'id,name' }));
      return inOrder(names, idsByName('group', names, groups));
    },
    /** User attribute ids by lower-cased name; unknown names fail UnknownUserAttribute. */
    resolveUserAttributeIds: (names: string[]): Promise<Record<string, string>> => userAttributeIds(looker, names),
  };
}

/** User attribute ids by lower-cased name; unknown names fail UnknownUserAttribute. */
export async function userAttributeIds(looker: LookerClient, names: string[]): Promise<Record<string, string>> {
  const attributes = await looker.call('all_user_attributes', (sdk) => sdk.all_user_attributes({ fields: 'id,name' }));
  return idsByName('user attribute', names, attributes);
}

/** The ids of `names` by lower-cased name, out of `known`; unknown names fail, listing the valid ones. */
export function idsByName(kind: NameKind, names: string[], known: Named[]): Record<string, string> {
  const byName = new Map<string, string>();
  for (const item of known) if (item.name && item.id) byName.set(item.name.toLowerCase(), item.id);
  const unknown = names.filter((name) => !byName.has(name.toLowerCase()));
  if (unknown.length > 0) {
    const { failureType, unknown: unknownLabel, valid: validLabel } = KINDS[kind];
    const valid = known.map((item) => item.name).filter(Boolean).sort();
    throw ApplicationFailure.create({
      type: failureType,
      nonRetryable: true,
      message: `Unknown ${unknownLabel}${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}. Valid ${validLabel}: ${valid.join(', ')}`,
      details: [{ kind, unknown, valid }],
    });
  }
  return Object.fromEntries(names.map((name) => [name.toLowerCase(), byName.get(name.toLowerCase())!]));
}

function inOrder(names: string[], ids: Record<string, string>): string[] {
  return names.map((name) => ids[name.toLowerCase()]);
}
