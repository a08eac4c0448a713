// auditContentAccess: dashboard → the content metadata that holds its grants (following
// `inherits` up through its folders) → each grant → the group's members. Read-only.
import type { AccessGrant } from '../activities/content';
import type { AccessHolder, AuditContentAccessInput, AuditContentAccessResult } from '../contracts/audit-content-access';
import { findOneDashboard } from './support/find-dashboard';
import { markdownCell } from '../common/markdown';
import { lookerActivities } from './support/looker';
import { Progress } from './support/progress';

interface Member {
  id: string;
  name: string;
  email: string | null;
}

export async function auditContentAccess(input: AuditContentAccessInput): Promise<AuditContentAccessResult> {
  const progress = new Progress();
  const read = lookerActivities('read');

  progress.step('finding dashboard', { total: 3 });
  const dashboard = await findOneDashboard(input.dashboard);

  progress.step('reading access grants', { total: 3, done: 1, message: dashboard.title });
  const access = await read.contentAccess({ contentMetadataId: dashboard.contentMetadataId ?? '' });

  const groupGrants = access.grants.filter((g) => g.groupId);
  progress.step('listing group members', { total: groupGrants.length });
  const holders = new Map<string, AccessHolder>();
  const grants: AuditContentAccessResult['grants'] = [];
  for (const grant of access.grants) {
    if (grant.groupId) {
      const members = await groupMembers(grant.groupId);
      for (const member of members) addHolder(holders, member, grant.permission, `group ${grant.groupName ?? grant.groupId}`);
      grants.push({ permission: grant.permission, group: { id: grant.groupId, name: grant.groupName, memberCount: members.length } });
      progress.advance(1, `${grant.groupName}: ${members.length} members`);
    } else if (grant.userId) {
      addHolder(holders, { id: grant.userId, name: grant.userName ?? `user ${grant.userId}`, email: null }, grant.permission, 'directly');
      grants.push({ permission: grant.permission, user: { id: grant.userId, name: grant.userName } });
    }
  }

  const users = [...holders.values()].sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  const summary = {
    dashboard: { id: dashboard.id, title: dashboard.title, folderId: dashboard.folderId, folderName: dashboard.folderName },
    inheritedThrough: access.inheritedThrough,
    grants,
    users,
  };
  progress.step('done', { total: 3, done: 3, message: `${users.length} people have access` });
  return { ...summary, report: markdownReport(summary, access.grants) };
}

async function groupMembers(groupId: string): Promise<Member[]> {
  const members: Member[] = [];
  let offset: number | null = 0;
  while (offset !== null) {
    const page = await lookerActivities('read').searchUsers({ group_id: groupId, fields: 'id,display_name,first_name,last_name,email', limit: 100, offset });
    for (const u of page.items) {
      members.push({ id: u.id ?? '', name: u.display_name ?? `${u.first_name ?? ''} ${u.last_name ?? ''}`.trim(), email: u.email ?? null });
    }
    offset = page.nextOffset;
  }
  return members;
}

/** Keeps each person once, with the highest permission and every way they got access. */
function addHolder(holders: Map<string, AccessHolder>, member: Member, permission: 'view' | 'edit', via: string): void {
  const existing = holders.get(member.id);
  if (!existing) {
    holders.set(member.id, { ...member, permission, via: [via] });
    return;
  }
  if (permission === 'edit') existing.permission = 'edit';
  if (!existing.via.includes(via)) existing.via.push(via);
}

function markdownReport(result: Omit<AuditContentAccessResult, 'report'>, rawGrants: AccessGrant[]): string {
  const { dashboard, inheritedThrough, users } = result;
  const source = inheritedThrough.length ? `inherited from folder "${inheritedThrough.at(-1)}"` : 'set on the dashboard itself';
  const lines = [
    `# Access to "${dashboard.title}" (dashboard ${dashboard.id})`,
    '',
    `Folder: ${dashboard.folderName ?? dashboard.folderId ?? 'unknown'}. Access is ${source}${inheritedThrough.length > 1 ? ` (via ${inheritedThrough.slice(0, -1).join(' → ')})` : ''}.`,
    '',
    '## Grants',
    '',
    ...(rawGrants.length
      ? rawGrants.map((g) => `- **${g.permission}**: ${g.groupId ? `group ${g.groupName ?? g.groupId}` : `user ${g.userName ?? g.userId}`}`)
      : ['- none (only admins can see it)']),
    '',
    `## People (${users.length})`,
    '',
    '| Name | Email | Permission | Via |',
    '| --- | --- | --- | --- |',
    ...users.map((u) => `| ${markdownCell(u.name)} | ${markdownCell(u.email ?? '')} | ${u.permission} | ${markdownCell(u.via.join(', '))} |`),
  ];
  return lines.join('\n') + '\n';
}
