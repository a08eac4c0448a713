// Role, group and user attribute names → Looker ids, for the user jobs. Resolving every name
// before the first write means a typo fails the job with the valid names and changes nothing.
import { ActivityFailure, ApplicationFailure, ChildWorkflowFailure } from '@temporalio/workflow';
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

/**
 * The failure a job should end with when an activity or child failed: the underlying
 * ApplicationFailure (e.g. UnknownRoleOrGroup with the valid names) rather than Temporal's
 * generic "Activity task failed".
 */
export function jobFailure(error: unknown): unknown {
  if ((error instanceof ActivityFailure || error instanceof ChildWorkflowFailure) && error.cause instanceof ApplicationFailure) {
    const cause = error.cause;
    return ApplicationFailure.create({ type: cause.type ?? undefined, message: cause.message, details: cause.details ?? undefined, nonRetryable: true });
  }
  return error;
}

/** The message a person should read for a failed activity or child. */
export function failureMessage(error: unknown): string {
  const failure = jobFailure(error);
  return failure instanceof Error ? failure.message : String(failure);
}

function unique(names: string[]): string[] {
  const seen = new Map<string, string>();
  for (const name of names) if (!seen.has(name.toLowerCase())) seen.set(name.toLowerCase(), name);
  return [...seen.values()];
}

function byName(names: string[], ids: string[]): Record<string, string> {
  return Object.fromEntries(names.map((name, i) => [name.toLowerCase(), ids[i]]));
}
