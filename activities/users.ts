// ensureUser: make sure a user with this email exists with the names asked for, safe to run any
// number of times.
//
// Looker has no idempotency keys, so a create whose response was lost must be recognised on
// the retry: the email is the key. A user created by an earlier attempt that never got its
// email (the create_user response was lost) is found again by name and missing email.
import { Context } from '@temporalio/activity';
import type { IUser } from '@looker/sdk';
import { ensureResult, type EnsureResult } from './ensure-result';
import { LookerApiError } from './looker-api-error';
import type { LookerClient } from './looker-client';

export interface EnsureUserInput {
  email: string;
  firstName?: string;
  lastName?: string;
  /**
   * The caller read Looker moments ago and found no user with this email: the first attempt
   * creates without looking again. A retry still looks, as its earlier attempt may have created
   * the user before its answer was lost.
   */
  expectAbsent?: boolean;
}

export interface EnsureEmailCredentialsInput {
  userId: string;
  email: string;
}

/** created: false when the user already existed (including: created by an earlier attempt of this activity). */
export type EnsureUserResult = EnsureResult;

export function createUserActivities({ looker }: { looker: LookerClient }) {
  async function findUserByEmail(email: string): Promise<IUser | undefined> {
    const users = await looker.call('search_users', (sdk) => sdk.search_users({ email, fields: 'id,email,first_name,last_name' }));
    // Search treats _ and % as wildcards, so compare exactly.
    return users.find((u) => u.email?.toLowerCase() === email.toLowerCase());
  }

  async function findUserIdByEmail(email: string): Promise<string | undefined> {
    return (await findUserByEmail(email))?.id;
  }

  /** Gives an existing user the names asked for (names left out of the input are kept). */
  async function convergeNames(user: IUser, input: EnsureUserInput): Promise<EnsureUserResult> {
    const changes: Pick<IUser, 'first_name' | 'last_name'> = {};
    if (input.firstName !== undefined && user.first_name !== input.firstName) changes.first_name = input.firstName;
    if (input.lastName !== undefined && user.last_name !== input.lastName) changes.last_name = input.lastName;
    if (Object.keys(changes).length === 0) return ensureResult(user.id!, 'unchanged');
    await looker.call('update_user', (sdk) => sdk.update_user(user.id!, changes, 'id'));
    return ensureResult(user.id!, 'updated');
  }

  /** A user an earlier attempt created but could not give an email to. */
  async function findUserLeftByEarlierAttempt(input: EnsureUserInput): Promise<string | undefined> {
    const users: IUser[] = await looker.call('search_users', (sdk) =>
      sdk.search_users({ first_name: input.firstName ?? '', last_name: input.lastName ?? '', email: 'IS NULL', fields: 'id,email,first_name,last_name' }),
    );
    const orphans = users.filter((u) => !u.email && u.first_name === (input.firstName ?? '') && u.last_name === (input.lastName ?? ''));
    return orphans.length === 1 ? orphans[0].id : undefined;
  }

  async function deleteUserQuietly(userId: string): Promise<void> {
    try {
      await looker.call('delete_user', (sdk) => sdk.delete_user(userId));
    } catch (error) {
      Context.current().log.warn('Could not delete the user left without email', { userId, error: String(error) });
    }
  }

  async function currentEmail(userId: string): Promise<string | undefined> {
    const user = await looker.call('user', (sdk) => sdk.user(userId, 'id,credentials_email'));
    return user.credentials_email?.email ?? undefined;
  }

  const sameEmail = (a: string | undefined, b: string) => a?.toLowerCase() === b.toLowerCase();

  return {
    /** Gives an existing user this login email (adding or replacing their email credentials). */
    async ensureEmailCredentials({ userId, email }: EnsureEmailCredentialsInput): Promise<{ changed: boolean }> {
      const current = await currentEmail(userId);
      if (sameEmail(current, email)) return { changed: false };
      try {
        if (current === undefined) {
          await looker.call('create_user_credentials_email', (sdk) => sdk.create_user_credentials_email(userId, { email }, 'email'));
        } else {
          await looker.call('update_user_credentials_email', (sdk) => sdk.update_user_credentials_email(userId, { email }, 'email'));
        }
      } catch (error) {
        // 409 after a lost response: an earlier attempt already gave the user this email.
        if (error instanceof LookerApiError && error.status === 409 && sameEmail(await currentEmail(userId), email)) return { changed: false };
        throw error;
      }
      return { changed: true };
    },

    async ensureUser(input: EnsureUserInput): Promise<EnsureUserResult> {
      const isRetry = Context.current().info.attempt > 1;
      const existing = input.expectAbsent && !isRetry ? undefined : await findUserByEmail(input.email);
      if (existing) return convergeNames(existing, input);

      let userId = isRetry ? await findUserLeftByEarlierAttempt(input) : undefined;
      const createdNow = !userId;
      if (!userId) {
        const user = await looker.call('create_user', (sdk) =>
          sdk.create_user({ first_name: input.firstName ?? '', last_name: input.lastName ?? '' }, 'id'),
        );
        if (!user.id) throw new Error('create_user returned no id');
        userId = user.id;
      }

      try {
        await looker.call('create_user_credentials_email', (sdk) =>
          sdk.create_user_credentials_email(userId, { email: input.email }, 'email'),
        );
      } catch (error) {
        if (!(error instanceof LookerApiError)) throw error;
        if (error.status !== 409) {
          // Looker refused the email (e.g. 422): no retry will fix it, so don't leave the user behind.
          if (createdNow && error.status >= 400 && error.status < 500 && error.status !== 429) await deleteUserQuietly(userId);
          throw error;
        }
        // 409: the email is taken, by our own earlier write or by a concurrent job.
        const owner = await findUserIdByEmail(input.email);
        if (!owner) throw error;
        // Someone else holds the email: the user made here would be left without one.
        if (owner !== userId && createdNow) await deleteUserQuietly(userId);
        return ensureResult(owner, owner === userId ? 'created' : 'unchanged');
      }
      return ensureResult(userId, 'created');
    },
  };
}
