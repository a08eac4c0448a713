// Role and group names → ids, so job inputs can name roles and groups the way people do.
import { ApplicationFailure } from '@temporalio/activity';
import type { LookerClient } from './looker-client';

interface Named {
  id?: string;
  name?: string | null;
}

export function createNameActivities({ looker }: { looker: LookerClient }) {
  return {
    /** Role ids in the order of `names` (matched case-insensitively); unknown names fail UnknownRoleOrGroup. */
    async resolveRoleIds(names: string[]): Promise<string[]> {
      const roles = await looker.call('all_roles', (sdk) => sdk.all_roles({ fields: 'id,name' }));
      return idsByName('role', names, roles);
    },
    /** Group ids in the order of `names` (matched case-insensitively); unknown names fail UnknownRoleOrGroup. */
    async resolveGroupIds(names: string[]): Promise<string[]> {
      const groups = await looker.call('all_groups', (sdk) => sdk.all_groups({ fields: 'id,name' }));
      return idsByName('group', names, groups);
    },
  };
}

export function idsByName(kind: 'role' | 'group', names: string[], known: Named[]): string[] {
  const byName = new Map<string, string>();
  for (const item of known) if (item.name && item.id) byName.set(item.name.toLowerCase(), item.id);
  const unknown = names.filter((name) => !byName.has(name.toLowerCase()));
  if (unknown.length > 0) {
    const valid = known.map((item) => item.name).filter(Boolean).sort();
    throw ApplicationFailure.create({
      type: 'UnknownRoleOrGroup',
      nonRetryable: true,
      message: `Unknown ${kind} name${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}. Valid ${kind}s: ${valid.join(', ')}`,
      details: [{ kind, unknown, valid }],
    });
  }
  return names.map((name) => byName.get(name.toLowerCase())!);
}
