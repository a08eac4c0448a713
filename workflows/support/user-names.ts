// Role, group and user attribute names → Looker ids, for the user jobs. Resolving every name
// before the first write means a typo fails the job with the valid names and changes nothing.
import { ApplicationFailure } from '@temporalio/workflow';
import { lookerActivities } from './looker';

export interface UserAccessNames {
  roles: string[];
  groups: string[];
  userAttributes: string[];
}

/** Ids by lower-cased name. bulkOnboard resolves once and hands the result to every onboardUser. */
export interface ResolvedNames {
  roleIds: Record<string, string>;
  groupIds: Record<string, string>;
  userAttributeIds: Record<string, string>;
}

export async function resolveUserAccessNames(names: UserAccessNames): Promise<ResolvedNames> {
  const read = lookerActivities('read');
  const roles = unique(names.roles);
  const groups = unique(names.groups);
  const [roleIds, groupIds, userAttributeIds] = await Promise.all([
    roles.length ? read.resolveRoleIds(roles) : [],
    groups.length ? read.resolveGroupIds(groups) : [],
    names.userAttributes.length ? read.resolveUserAttributeIds(unique(names.userAttributes)) : {},
  ]);
  return { roleIds: byName(roles, roleIds), groupIds: byName(groups, groupIds), userAttributeIds };
}

/** The ids of `names` in `resolved` (one of ResolvedNames' maps). */
export function idsOf(names: string[], resolved: Record<string, string>): string[] {
  return names.map((name) => {
    const id = resolved[name.toLowerCase()];
    if (!id) throw ApplicationFailure.nonRetryable(`no id was resolved for "${name}"`, 'UnresolvedName');
    return id;
  });
}

function unique(names: string[]): string[] {
  const seen = new Map<string, string>();
  for (const name of names) if (!seen.has(name.toLowerCase())) seen.set(name.toLowerCase(), name);
  return [...seen.values()];
}

function byName(names: string[], ids: string[]): Record<string, string> {
  return Object.fromEntries(names.map((name, i) => [name.toLowerCase(), ids[i]]));
}
