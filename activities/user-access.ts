// What a user may do and own in Looker: roles, group memberships, user attribute values, the
// password-setup email, disabling, deleting, and handing their schedules and alerts to someone else.
//
// Every write looks before it changes, so a retried or repeated call changes nothing twice, and
// reports `{ changed }`.
import { Context } from '@temporalio/activity';
import type { IUser } from '@looker/sdk';
import { DelimArray } from '@looker/sdk-rtl';
import { ifFound } from './looker-api-error';
import type { LookerClient } from './looker-client';
import { userAttributeIds } from './names';
import { withItemProgress } from './item-progress';
import { readEveryPage } from './paging';

export interface LookerUserSummary {
  id: string;
  email: string | null;
  displayName: string;
  isDisabled: boolean;
}

export interface UserAndGroup {
  userId: string;
  groupId: string;
}

export interface SetUserRolesInput {
  userId: string;
  roleIds: string[];
  /** The user's own roles, when the caller read them moments ago (no read here then). */
  currentRoleIds?: string[];
}

export interface EnsureUserAttributesInput {
  userId: string;
  /** Values by attribute name. */
  values: Record<string, string>;
  /** Attribute ids by lower-cased name, when the caller resolved them already. */
  attributeIds?: Record<string, string>;
  /** The user was created by this job: nothing to read before setting. */
  newUser?: boolean;
}

export interface TransferInput {
  fromUserId: string;
  toUserId: string;
  /** Move at most this many (one Looker call each); unbounded for runs started before batches. */
  max?: number;
}

export interface TransferBatch {
  /** What this activity moved, including what an earlier attempt of it moved. */
  moved: TransferredItem[];
  /** The owner still has some: call again. */
  more: boolean;
}

export interface TransferredItem {
  id: string;
  title: string;
}

const USER_SUMMARY_FIELDS = 'id,email,display_name,is_disabled';
/** What tells whether a user can sign in already, without the reset URL itself. */
const SIGN_IN_FIELDS = 'id,credentials_email(logged_in_at,password_reset_url_expired),credentials_saml(logged_in_at),credentials_oidc(logged_in_at),credentials_google(logged_in_at),credentials_ldap(logged_in_at)';

export interface SendPasswordSetupEmailInput {
  userId: string;
  /** Send it also to an account that has already signed in (e.g. to let them reset a forgotten password). */
  evenIfSignedIn?: boolean;
}

export interface SendPasswordSetupEmailResult {
  sent: boolean;
  /** Why it was not sent. */
  reason?: string;
}

/** Has the user signed in with a password or single sign-on? Then their credentials work. */
function signedInBefore(user: IUser): boolean {
  return [user.credentials_email, user.credentials_saml, user.credentials_oidc, user.credentials_google, user.credentials_ldap].some((c) => !!c?.logged_in_at);
}

function summarize(user: IUser): LookerUserSummary {
  return { id: user.id!, email: user.email ?? null, displayName: user.display_name ?? '', isDisabled: user.is_disabled === true };
}

export function createUserAccessActivities({ looker }: { looker: LookerClient }) {
  return {
    /** The user with exactly this email (case-insensitive), or null. */
    async findUserByEmail(email: string): Promise<LookerUserSummary | null> {
      const users = await looker.call('search_users', (sdk) => sdk.search_users({ email, fields: USER_SUMMARY_FIELDS }));
      // Search treats _ and % as wildcards, so compare exactly.
      const user = users.find((u) => u.email?.toLowerCase() === email.toLowerCase());
      return user ? summarize(user) : null;
    },

    /** The user with this id, or null. */
    async findUserById(userId: string): Promise<LookerUserSummary | null> {
      const user = await ifFound(looker.call('user', (sdk) => sdk.user(userId, USER_SUMMARY_FIELDS)), undefined);
      return user ? summarize(user) : null;
    },

    /** Makes the user's roles exactly `roleIds`; returns the roles before, so a caller can put them back. */
    async setUserRoles({ userId, roleIds, currentRoleIds }: SetUserRolesInput): Promise<{ changed: boolean; previousRoleIds: string[] }> {
      const current = currentRoleIds ?? (await looker.call('user_roles', (sdk) => sdk.user_roles({ user_id: userId, fields: 'id' }))).map((r) => r.id!);
      const previousRoleIds = [...current].sort();
      const wanted = [...new Set(roleIds)].sort();
      if (previousRoleIds.join(',') === wanted.join(',')) return { changed: false, previousRoleIds };
      await looker.call('set_user_roles', (sdk) => sdk.set_user_roles(userId, wanted, 'id'));
      return { changed: true, previousRoleIds };
    },

    async ensureGroupMembership({ userId, groupId, currentGroupIds }: UserAndGroup & { currentGroupIds?: string[] }): Promise<{ changed: boolean }> {
      const groupIds = currentGroupIds ?? (await looker.call('user', (sdk) => sdk.user(userId, 'id,group_ids'))).group_ids;
      if (groupIds?.includes(groupId)) return { changed: false };
      // Adding a member twice is harmless in Looker, so a lost response needs no special care.
      await looker.call('add_group_user', (sdk) => sdk.add_group_user(groupId, { user_id: userId }));
      return { changed: true };
    },

    async removeGroupMembership({ userId, groupId }: UserAndGroup): Promise<{ changed: boolean }> {
      // 404: not a member (any more).
      return ifFound(looker.call('delete_group_user', (sdk) => sdk.delete_group_user(groupId, userId)).then(() => ({ changed: true })), { changed: false });
    },

    /** Sets user attribute values by attribute name; returns the names whose value changed. */
    async ensureUserAttributes({ userId, values, attributeIds, newUser = false }: EnsureUserAttributesInput): Promise<{ changed: string[] }> {
      const names = Object.keys(values);
      if (names.length === 0) return { changed: [] };
      const ids = attributeIds ?? (await userAttributeIds(looker, names));
      // A user made moments ago holds no value of their own (setting one again is harmless).
      const current = newUser
        ? []
        : await looker.call('user_attribute_user_values', (sdk) =>
            sdk.user_attribute_user_values({ user_id: userId, user_attribute_ids: new DelimArray(names.map((name) => ids[name.toLowerCase()])), fields: 'user_attribute_id,value,source' }),
          );
      const directValue = new Map(current.filter((v) => v.source === 'user').map((v) => [v.user_attribute_id, v.value]));
      const changed: string[] = [];
      for (const name of names) {
        const attributeId = ids[name.toLowerCase()];
        if (directValue.get(attributeId) === values[name]) continue;
        await looker.call('set_user_attribute_user_value', (sdk) =>
          sdk.set_user_attribute_user_value(userId, attributeId, { value: values[name] }),
        );
        changed.push(name);
      }
      return { changed };
    },

    /**
     * Sends the "set your password" email, at most once while its link is valid, and not to an
     * account that has already signed in unless `evenIfSignedIn`. What Looker shows decides it:
     * a live reset link means an earlier send (this activity's, after a lost answer, or an earlier
     * run's) already gave the user a way in. Only the fact that it was sent leaves this activity:
     * the reset URL is a secret and is never even read.
     */
    async sendPasswordSetupEmail({ userId, evenIfSignedIn = false }: SendPasswordSetupEmailInput): Promise<SendPasswordSetupEmailResult> {
      const user = await looker.call('user', (sdk) => sdk.user(userId, SIGN_IN_FIELDS));
      const email = user.credentials_email;
      if (!email) return { sent: false, reason: `user ${userId} has no email credentials to send it to` };
      if (!evenIfSignedIn && signedInBefore(user)) {
        return { sent: false, reason: `user ${userId} has already signed in (set forceSetupEmail to send it anyway)` };
      }
      if (email.password_reset_url_expired === false) {
        // Seen on a retry, the live link is the one the lost first attempt sent.
        if (Context.current().info.attempt > 1) return { sent: true };
        return { sent: false, reason: `a password-setup link sent earlier is still valid for user ${userId}` };
      }
      await looker.call('send_user_credentials_email_password_reset', (sdk) => sdk.send_user_credentials_email_password_reset(userId, 'email'));
      return { sent: true };
    },

    /** Deletes the user; a user already gone is not an error. */
    async deleteUser({ userId }: { userId: string }): Promise<{ changed: boolean }> {
      return ifFound(looker.call('delete_user', (sdk) => sdk.delete_user(userId)).then(() => ({ changed: true })), { changed: false });
    },

    async disableUser({ userId }: { userId: string }): Promise<{ changed: boolean }> {
      const user = await looker.call('user', (sdk) => sdk.user(userId, 'id,is_disabled'));
      if (user.is_disabled) return { changed: false };
      await looker.call('update_user', (sdk) => sdk.update_user(userId, { is_disabled: true }, 'id'));
      return { changed: true };
    },

    /**
     * Gives the scheduled plans of `fromUserId` to `toUserId`, at most `max` per call; returns the
     * plans this activity moved (a retry after a lost response cannot list what an attempt that
     * died before its heartbeat moved: callers that report the transfer list the plans first).
     */
    async transferScheduledPlans(input: TransferInput): Promise<TransferBatch> {
      const plans = await readEveryPage(looker, 'search_scheduled_plans', (sdk, page) =>
        sdk.search_scheduled_plans({ user_id: input.fromUserId, all_users: true, fields: 'id,name,user_id', ...page }),
      );
      // Search matches loosely, so check the owner exactly.
      const owned = plans.filter((p) => p.user_id === input.fromUserId).map((p) => ({ id: p.id!, title: p.name ?? '' }));
      return transferEach(`plans ${input.fromUserId}>${input.toUserId}`, owned, input.max, (plan) =>
        looker.call('update_scheduled_plan', (sdk) => sdk.update_scheduled_plan(plan.id, { user_id: input.toUserId })),
      );
    },

    /** Gives the alerts of `fromUserId` to `toUserId`, at most `max` per call (as above). */
    async transferAlerts(input: TransferInput): Promise<TransferBatch> {
      // Looker cannot search alerts by owner, so read them all and pick the user's.
      const alerts = await readEveryPage(looker, 'search_alerts', (sdk, page) =>
        sdk.search_alerts({ all_owners: true, fields: 'id,owner_id,custom_title', ...page }),
      );
      const owned = alerts.filter((a) => a.owner_id === input.fromUserId).map((a) => ({ id: a.id!, title: a.custom_title ?? '' }));
      return transferEach(`alerts ${input.fromUserId}>${input.toUserId}`, owned, input.max, (alert) =>
        looker.call('update_alert_field', (sdk) => sdk.update_alert_field(alert.id, { owner_id: input.toUserId })),
      );
    },
  };
}

/**
 * Moves `owned` (at most `max` of them) one by one, heartbeating what was moved so far: a
 * retried attempt no longer finds those among the owner's items, but still reports them.
 */
async function transferEach(workKey: string, owned: TransferredItem[], max: number | undefined, move: (item: TransferredItem) => Promise<unknown>): Promise<TransferBatch> {
  return withItemProgress({ for: workKey, moved: [] as TransferredItem[] }, async (progress, itemDone) => {
    const now = max === undefined ? owned : owned.slice(0, Math.max(0, max - progress.moved.length));
    for (const item of now) {
      await move(item);
      progress.moved.push(item);
      itemDone();
    }
    return { moved: progress.moved, more: now.length < owned.length };
  });
}
