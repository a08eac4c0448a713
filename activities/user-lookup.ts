// Who of many emails already has a Looker account, read once for all of them: what bulk
// onboarding hands each user's job so that it writes only what differs.
//
// Looker's search takes one email per call (a comma in a string criterion is just a character),
// so asking about N emails costs N calls. Reading the users page by page costs one call per
// USERS_PAGE users, whatever the number of emails: cheaper whenever the instance holds fewer
// than USERS_PAGE users per email asked about. Past that the lookup declines and each user's job
// looks for itself.
import type { IUser } from '@looker/sdk';
import type { LookerClient } from './looker-client';
import { readPage, type Page } from './paging';

/** An existing user as the lookup saw them: enough to decide what an onboarding must still write. */
export interface KnownUser {
  id: string;
  firstName: string;
  lastName: string;
  /** Roles given to the user directly (not through a group), sorted. */
  roleIds: string[];
  groupIds: string[];
}

export type UserLookup =
  /** Every user with one of the emails, by lower-cased email; an email not in it has no account. */
  | { read: true; users: Record<string, KnownUser> }
  /** Reading every user would have cost more than looking them up one by one. */
  | { read: false };

/** Users per page read (Looker sets no documented maximum on `limit`). */
export const USERS_PAGE = 500;

export function createUserLookupActivities({ looker }: { looker: LookerClient }) {
  return {
    /** The existing users among `emails`, or { read: false } when that would take more than one call per four emails. */
    async findUsersByEmail({ emails }: { emails: string[] }): Promise<UserLookup> {
      const wanted = new Set(emails.map((email) => email.toLowerCase()));
      const maxPages = Math.max(1, Math.floor(wanted.size / 4));
      const users: Record<string, KnownUser> = {};
      for (let offset: number | null = 0, pages = 0; offset !== null; pages++) {
        if (pages === maxPages) return { read: false };
        const page: Page<IUser> = await readPage(looker, 'search_users', { offset, limit: USERS_PAGE }, (sdk, p) =>
          sdk.search_users({ fields: 'id,email,first_name,last_name,role_ids,group_ids', sorts: 'id', ...p }),
        );
        // Known from the first page: the instance is too large for the emails asked about.
        if (page.total !== undefined && Math.ceil(page.total / USERS_PAGE) > maxPages) return { read: false };
        for (const user of page.items) {
          const email = user.email?.toLowerCase();
          if (!email || !wanted.has(email) || !user.id) continue;
          users[email] = {
            id: user.id,
            firstName: user.first_name ?? '',
            lastName: user.last_name ?? '',
            roleIds: [...(user.role_ids ?? [])].sort(),
            groupIds: [...(user.group_ids ?? [])],
          };
        }
        offset = page.nextOffset;
      }
      return { read: true, users };
    },
  };
}
