// auditContentAccess: dashboard → the content metadata that holds its grants (following
// `inherits` up through its folders) → each grant → the group's members. Read-only.
import { patched } from '@temporalio/workflow';
import type { AccessGrant } from '../activities/content';
import { RESULT_LIST_SAMPLE } from '../contracts/bounded-results';
import { GRANTS_SAMPLE, type AccessHolder, type AuditContentAccessInput, type AuditContentAccessResult } from '../contracts/audit-content-access';
import { saveJobText } from './support/files';
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
  // Runs from before the patch read one group after another; now GROUPS_AT_ONCE groups are read
  // at a time (each page still its own activity), so a content shared with hundreds of groups
  // takes a fraction of the time.
  const membersOf = patched('audit-groups-read-concurrently') ? await membersOfGroups(groupGrants, progress) : undefined;
  const holders = new Map<string, AccessHolder>();
  const grants: AuditContentAccessResult['grants'] = [];
  for (const grant of access.grants) {
    if (grant.groupId) {
      const members = membersOf?.get(grant.groupId) ?? (await groupMembers(grant.groupId));
      for (const member of members) addHolder(holders, member, grant.permission, `group ${grant.groupName ?? grant.groupId}`);
      grants.push({ permission: grant.permission, group: { id: grant.groupId, name: grant.groupName, memberCount: members.length } });
      if (!membersOf) progress.advance(1, `${grant.groupName}: ${members.length} members`);
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
  const report = markdownReport(summary, access.grants);
  progress.step('done', { total: 3, done: 3, message: `${users.length} people have access` });
  // Runs from before the patch returned everyone inline, which a large group can push past
  // Temporal's payload limit; now the full report and list are files and the result a sample.
  if (!patched('audit-lists-in-files')) return { ...summary, report };
  const reportPath = await saveJobText('auditContentAccess', 'access.md', report);
  const usersPath = await saveJobText('auditContentAccess', 'people.csv', peopleCsv(users));
  const shown = users.slice(0, RESULT_LIST_SAMPLE);
  const grantsShown = access.grants.slice(0, GRANTS_SAMPLE);
  const cut = shown.length < users.length || grantsShown.length < access.grants.length;
  const more = shown.length < users.length ? `…and ${users.length - shown.length} more in ${reportPath}` : `…all ${access.grants.length} grants in ${reportPath}`;
  const preview = cut ? `${markdownReport({ ...summary, users: shown }, grantsShown, users.length)}\n${more}\n` : report;
  const sample = { grants: grants.slice(0, GRANTS_SAMPLE), grantCount: grants.length, users: shown, userCount: users.length };
  return { ...summary, ...sample, report: preview, reportPath, usersPath };
}

function peopleCsv(users: AccessHolder[]): string {
  const cell = (text: string) => (/[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);
  const lines = [['id', 'name', 'email', 'permission', 'via'], ...users.map((u) => [u.id, u.name, u.email ?? '', u.permission, u.via.join('; ')])];
  return lines.map((line) => line.map(cell).join(',')).join('\n') + '\n';
}

/** Groups whose members are read at the same time. */
const GROUPS_AT_ONCE = 5;

/** The members of each granted group, GROUPS_AT_ONCE groups at a time. */
async function membersOfGroups(groupGrants: AccessGrant[], progress: Progress): Promise<Map<string, Member[]>> {
  const members = new Map<string, Member[]>();
  for (let start = 0; start < groupGrants.length; start += GROUPS_AT_ONCE) {
    const chunk = groupGrants.slice(start, start + GROUPS_AT_ONCE);
    const lists = await Promise.all(chunk.map((grant) => groupMembers(grant.groupId!)));
    chunk.forEach((grant, i) => {
      members.set(grant.groupId!, lists[i]);
      progress.advance(1, `${grant.groupName}: ${lists[i].length} members`);
    });
  }
  return members;
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

function markdownReport(result: Pick<AuditContentAccessResult, 'dashboard' | 'inheritedThrough' | 'users'>, rawGrants: AccessGrant[], total = result.users.length): string {
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
    `## People (${total})`,
    '',
    '| Name | Email | Permission | Via |',
    '| --- | --- | --- | --- |',
    ...users.map((u) => `| ${markdownCell(u.name)} | ${markdownCell(u.email ?? '')} | ${u.permission} | ${markdownCell(u.via.join(', '))} |`),
  ];
  return lines.join('\n') + '\n';
}
