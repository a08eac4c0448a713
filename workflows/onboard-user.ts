// onboardUser: find or create the user by email, then give them exactly the requested roles, add
// them to the groups, set their user attributes and optionally send the password-setup email
// (best effort: a failure to send it is reported, never undone for).
//
// A saga: if a step fails for good, what this run created is undone (a user it created is
// deleted; for an existing user, groups it added are left again and its old roles restored),
// and the job fails with a message naming the failed step and every undone change.
import { ApplicationFailure, CancellationScope, isCancellation, patched } from '@temporalio/workflow';
import type { EnsureResult } from '../activities/ensure-result';
import type { OnboardUserInput, OnboardUserKnown, OnboardUserResult } from '../contracts/onboard-user';
import { asJobFailure, failureMessage } from './support/failures';
import { outcomeOf } from './support/ensure-outcome';
import { lookerActivities } from './support/looker';
import { Progress } from './support/progress';
import { idsOf, resolveUserAccessNames, type ResolvedNames } from './support/user-names';

interface Undo {
  description: string;
  run(): Promise<unknown>;
}

/**
 * `known` (from bulkOnboard, which read Looker for all its users at once): what Looker held, so
 * that no read precedes a write. Only parents started since it exists pass it, so a run's
 * input tells which path it takes and runs without it replay as before.
 */
export async function onboardUser(input: OnboardUserInput, resolved?: ResolvedNames, known?: OnboardUserKnown): Promise<OnboardUserResult> {
  const progress = new Progress();
  const { email, roles = [], groups = [], userAttributes = {}, sendSetupEmail = false, forceSetupEmail = false } = input;

  progress.step('resolving names');
  const names =
    resolved ??
    (await resolveUserAccessNames({ roles, groups, userAttributes: Object.keys(userAttributes) }).catch((error) => {
      throw asJobFailure(error);
    }));
  const roleIds = idsOf(roles, names.roleIds);
  const groupIds = idsOf(groups, names.groupIds);

  const writes = lookerActivities('idempotentWrite');
  const undo: Undo[] = [];
  try {
    progress.step('finding or creating user');
    const { user, ensured } = known ? await knownOrCreated(input, known) : await foundOrCreated(input);
    const userId = user.id;
    if (user.created) undo.push({ description: `delete user ${userId} (${email}), created by this run`, run: () => writes.deleteUser({ userId }) });
    const result: OnboardUserResult = {
      userId,
      email,
      created: { user: user.created, credentials: user.created, groups: [], userAttributes: [] },
      alreadyPresent: { user: !user.created, groups: [], userAttributes: [] },
      userOutcome: user.created ? 'created' : outcomeOf(ensured),
      rolesChanged: false,
      setupEmailSent: false,
    };

    progress.step('setting roles', { message: roles.join(', ') });
    const currentRoleIds = known ? (known.user && !user.created ? known.user.roleIds : []) : undefined;
    const roleChange = await writes.setUserRoles({ userId, roleIds, currentRoleIds });
    result.rolesChanged = roleChange.changed;
    if (roleChange.changed && !user.created) {
      const previous = roleChange.previousRoleIds;
      undo.push({ description: `restore the previous roles of user ${userId}`, run: () => writes.setUserRoles({ userId, roleIds: previous }) });
    }

    progress.step('adding to groups', { total: groups.length });
    for (const [i, group] of groups.entries()) {
      const groupId = groupIds[i];
      const currentGroupIds = known ? (known.user && !user.created ? known.user.groupIds : []) : undefined;
      const { changed } = currentGroupIds?.includes(groupId) ? { changed: false } : await writes.ensureGroupMembership({ userId, groupId, currentGroupIds });
      (changed ? result.created : result.alreadyPresent).groups.push(group);
      // Deleting a user this run created takes its memberships with it.
      if (changed && !user.created) undo.push({ description: `remove user ${userId} from group ${group}`, run: () => writes.removeGroupMembership({ userId, groupId }) });
      progress.advance(1, group);
    }

    progress.step('setting user attributes', { total: Object.keys(userAttributes).length });
    const { changed } = await writes.ensureUserAttributes({
      userId,
      values: userAttributes,
      ...(known ? { attributeIds: names.userAttributeIds, newUser: user.created } : {}),
    });
    result.created.userAttributes = changed;
    result.alreadyPresent.userAttributes = Object.keys(userAttributes).filter((name) => !changed.includes(name));

    if (sendSetupEmail) {
      progress.step('sending password-setup email');
      if (patched(SETUP_EMAIL_BEST_EFFORT)) {
        Object.assign(result, await sendSetupEmailBestEffort(userId, forceSetupEmail));
      } else {
        result.setupEmailSent = (await writes.sendPasswordSetupEmail({ userId })).sent;
      }
    }
    progress.step('done', { message: user.created ? `created user ${userId}` : `updated user ${userId}` });
    return result;
  } catch (error) {
    const failedStep = progress.current.step;
    progress.step('undoing', { total: undo.length });
    const { undone, notUndone } = await CancellationScope.nonCancellable(() => runUndo(undo, progress));
    if (isCancellation(error)) throw error;
    const parts = [
      `Onboarding ${email} failed while ${failedStep}: ${failureMessage(error)}`,
      `Undone: ${undone.length ? undone.join('; ') : 'nothing (no change to undo)'}`,
      ...(notUndone.length ? [`Could not undo: ${notUndone.join('; ')}`] : []),
    ];
    throw ApplicationFailure.create({
      type: 'OnboardingFailed',
      nonRetryable: true,
      message: parts.join('. '),
      details: [{ failedStep, undone, notUndone }],
    });
  }
}

interface FoundUser {
  user: { id: string; created: boolean };
  ensured: EnsureResult;
}

/** The user by email, created when there is none. */
async function foundOrCreated(input: OnboardUserInput): Promise<FoundUser> {
  // Looked up first because ensureUser, retried after a lost response, finds the user it made
  // and cannot tell it made it; the undo must still know this run created the user.
  const existedBefore = (await lookerActivities('read').findUserByEmail(input.email)) !== null;
  const ensured = await lookerActivities('idempotentWrite').ensureUser({ email: input.email, firstName: input.firstName, lastName: input.lastName });
  return { user: { id: ensured.id, created: ensured.created || !existedBefore }, ensured };
}

/** As foundOrCreated, from what the parent read: no look before the create, no call for a user already as asked. */
async function knownOrCreated(input: OnboardUserInput, known: OnboardUserKnown): Promise<FoundUser> {
  const { email, firstName, lastName } = input;
  if (!known.user) {
    // The parent saw no such user, so whatever ensureUser finds (its retry finding what its lost
    // first attempt made) was created by this run, as foundOrCreated would conclude.
    const ensured = await lookerActivities('idempotentWrite').ensureUser({ email, firstName, lastName, expectAbsent: true });
    return { user: { id: ensured.id, created: true }, ensured };
  }
  if (known.user.firstName === firstName && known.user.lastName === lastName) {
    return { user: { id: known.user.id, created: false }, ensured: { id: known.user.id, created: false, outcome: 'unchanged' } };
  }
  const ensured = await lookerActivities('idempotentWrite').ensureUser({ email, firstName, lastName });
  return { user: { id: ensured.id, created: false }, ensured };
}

/**
 * Before this patch a failure to send the email failed the job and the saga deleted the user it
 * had just created; since, the email is best effort: a failure is reported and undoes nothing.
 */
const SETUP_EMAIL_BEST_EFFORT = 'onboard-setup-email-best-effort';

async function sendSetupEmailBestEffort(userId: string, evenIfSignedIn: boolean): Promise<Pick<OnboardUserResult, 'setupEmailSent' | 'setupEmailReason'>> {
  try {
    const { sent, reason } = await lookerActivities('bestEffortWrite').sendPasswordSetupEmail({ userId, evenIfSignedIn });
    return sent ? { setupEmailSent: true } : { setupEmailSent: false, setupEmailReason: reason };
  } catch (error) {
    if (isCancellation(error)) throw error;
    return { setupEmailSent: false, setupEmailReason: `Looker did not send it: ${failureMessage(error)}` };
  }
}

/** Runs the undo steps last-first; one that fails is reported, the others still run. */
async function runUndo(undo: Undo[], progress: Progress): Promise<{ undone: string[]; notUndone: string[] }> {
  const undone: string[] = [];
  const notUndone: string[] = [];
  for (const step of [...undo].reverse()) {
    try {
      await step.run();
      undone.push(step.description);
    } catch (error) {
      notUndone.push(`${step.description} (failed: ${failureMessage(error)})`);
    }
    progress.advance(1, step.description);
  }
  return { undone, notUndone };
}
