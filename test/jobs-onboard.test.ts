// onboardUser on a real worker against the Looker emulator: what ends up in Looker, re-runs,
// bad names, the saga's undo and a 429 storm.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { Looker40SDK } from '@looker/sdk';
import { waitFor } from '../scripts/wait-for';
import { OnboardUserInput } from '../jobs/onboard-user';
import type { OnboardUserResult } from '../contracts/onboard-user';
import { makeSdk } from './emulator-helpers';
import { startLookerStack, type LookerStack } from './stack';
import { historyText, jobFailure, writeCalls } from './job-helpers';
import { userAccessState, usersWithEmail } from './user-jobs';

// Started at file top level: its teardown must be registered for the file, not for a hook.
const stackReady = startLookerStack({ seed: 'demo' });
let stack: LookerStack;
let sdk: Looker40SDK;
let regionAttributeId: string;
const ROLE = { Developer: '2', Viewer: '3' };
const GROUP = { Finance: '3', Marketing: '4' };

before(async () => {
  stack = await stackReady;
  sdk = makeSdk(stack.emulator.baseUrl, stack.emulator.clientId, stack.emulator.clientSecret);
  regionAttributeId = (await sdk.ok(sdk.create_user_attribute({ name: 'region', label: 'Region', type: 'string' }))).id!;
});

const person = (email: string, extra: Partial<OnboardUserInput> = {}): OnboardUserInput => ({
  email,
  firstName: 'Jane',
  lastName: 'Doe',
  roles: ['Viewer', 'Developer'],
  groups: ['Finance', 'Marketing'],
  sendSetupEmail: false,
  forceSetupEmail: false,
  userAttributes: { region: 'EMEA' },
  ...extra,
});

const SEND_RESET = 'send_user_credentials_email_password_reset';
const sendCalls = () => stack.emulator.admin.calls().filter((c) => c.operationId === SEND_RESET && ((c.outcome === 'answered' && c.status === 200) || c.outcome === 'dropped')).length;

const onboard = (input: unknown, workflowId?: string) =>
  stack.runJob<OnboardUserResult>('onboardUser', input, workflowId ? { workflowId } : {});

describe('onboardUser', () => {
  it('creates the user with email credentials, roles, groups and attributes, and sends the setup email', async () => {
    const workflowId = `onboard-happy-${stack.taskQueue}`;
    const result = await onboard(person('jdoe@company.com', { sendSetupEmail: true }), workflowId);

    const [user] = usersWithEmail(stack.emulator, 'jdoe@company.com');
    assert.ok(user, 'the user exists in Looker');
    assert.equal(result.userId, user.id);
    assert.deepEqual([...user.role_ids].sort(), [ROLE.Developer, ROLE.Viewer]);
    const groups = stack.emulator.admin.state().groups;
    assert.ok(groups[GROUP.Finance].user_ids.includes(user.id));
    assert.ok(groups[GROUP.Marketing].user_ids.includes(user.id));
    assert.equal(user.attribute_values[regionAttributeId], 'EMEA');
    const resetToken = user.credentials_email?.password_reset_token;
    assert.ok(resetToken, 'the password-setup email was sent');

    assert.deepEqual(result.created, { user: true, credentials: true, groups: ['Finance', 'Marketing'], userAttributes: ['region'] });
    assert.equal(result.setupEmailSent, true);
    // The reset link is a secret: it must not reach the result or the workflow history.
    const history = historyText(await stack.client.workflow.getHandle(workflowId).fetchHistory());
    assert.ok(history.includes('jdoe@company.com'), 'the search reads the decoded payloads');
    assert.ok(!history.includes(resetToken), 'the reset token is not in the workflow history');
    assert.ok(!JSON.stringify(result).includes('password_reset'), 'the result carries no reset URL');

    const progress = await stack.client.workflow.getHandle(workflowId).query('progress');
    assert.equal((progress as { step: string }).step, 'done');
  });

  it('run twice (and after a lost create response) leaves exactly one user and reports what was already there', async () => {
    stack.emulator.admin.injectFault({ kind: 'drop-after-apply', count: 1, operation: 'create_user_credentials_email' });
    const first = await onboard(person('twice@company.com'));
    const second = await onboard(person('twice@company.com'));

    assert.equal(usersWithEmail(stack.emulator, 'twice@company.com').length, 1);
    assert.equal(second.userId, first.userId);
    assert.equal(first.created.user, true, 'created although the create response was lost');
    assert.ok(stack.emulator.admin.calls().some((c) => c.operationId === 'create_user_credentials_email' && c.outcome === 'dropped'));
    assert.deepEqual(second.created, { user: false, credentials: false, groups: [], userAttributes: [] });
    assert.deepEqual(second.alreadyPresent, { user: true, groups: ['Finance', 'Marketing'], userAttributes: ['region'] });
    assert.equal(second.rolesChanged, false);
  });

  it('sends the setup email once: not again on a retry after a lost answer, nor on a re-run while its link is valid', async () => {
    stack.emulator.admin.clearCalls();
    stack.emulator.admin.injectFault({ kind: 'drop-after-apply', count: 1, operation: SEND_RESET });
    const first = await onboard(person('once@company.com', { sendSetupEmail: true }));
    const second = await onboard(person('once@company.com', { sendSetupEmail: true }));

    assert.deepEqual(stack.emulator.admin.faults(), [], 'the answer to the send was lost');
    assert.equal(first.setupEmailSent, true);
    assert.equal(second.setupEmailSent, false);
    assert.match(second.setupEmailReason ?? '', /link sent earlier is still valid/);
    assert.equal(sendCalls(), 1, 'one email in all');
  });

  it('a setup email Looker fails to send is reported, and the new user stays', async () => {
    stack.emulator.admin.clearCalls();
    stack.emulator.admin.injectFault({ status: 500, count: 50, operation: SEND_RESET, message: 'SMTP relay unavailable' });
    const result = await onboard(person('no-mail@company.com', { sendSetupEmail: true })).finally(() => stack.emulator.admin.clearFaults());

    assert.equal(result.created.user, true);
    assert.equal(result.setupEmailSent, false);
    assert.match(result.setupEmailReason ?? '', /SMTP relay unavailable/);
    assert.equal(usersWithEmail(stack.emulator, 'no-mail@company.com').length, 1, 'the user is not undone');
    assert.ok(!writeCalls(stack.emulator).includes('delete_user'));
  });

  it('an account that has signed in gets no setup email unless forceSetupEmail asks for it', async () => {
    const signedIn = Object.values(stack.emulator.admin.state().users).find(
      (u) => !u.is_disabled && u.credentials_email?.logged_in_at && !u.credentials_email.password_reset_token,
    )!;
    const email = signedIn.credentials_email!.email;
    stack.emulator.admin.clearCalls();

    const skipped = await onboard(person(email, { sendSetupEmail: true }));
    assert.equal(skipped.setupEmailSent, false);
    assert.match(skipped.setupEmailReason ?? '', /has already signed in/);
    assert.equal(sendCalls(), 0);

    const forced = await onboard(person(email, { sendSetupEmail: true, forceSetupEmail: true }));
    assert.equal(forced.setupEmailSent, true);
    assert.equal(sendCalls(), 1);
  });

  for (const [what, input, pattern] of [
    ['role', person('unknown-role@company.com', { roles: ['Viewer', 'Wizard'] }), /Unknown role name: Wizard\. Valid roles: Admin, Developer, User, Viewer/],
    ['group', person('unknown-group@company.com', { groups: ['Finance', 'Astronauts'] }), /Unknown group name: Astronauts\. Valid groups: .*Finance/],
    ['user attribute', person('unknown-attr@company.com', { userAttributes: { planet: 'Mars' } }), /Unknown user attribute: planet\. Valid user attributes: .*region/],
  ] as const) {
    it(`an unknown ${what} fails listing the valid names and writes nothing`, async () => {
      const before = userAccessState(stack.emulator);
      stack.emulator.admin.clearCalls();
      const failure = await jobFailure(onboard(input));
      assert.match(failure.message, pattern);
      assert.deepEqual(writeCalls(stack.emulator), []);
      assert.deepEqual(userAccessState(stack.emulator), before);
    });
  }

  it('refuses bad inputs with a message naming the problem', () => {
    for (const [input, pattern] of [
      [{ ...person('x@company.com'), email: 'jdoe' }, /email must be a valid email address/],
      [{ ...person('x@company.com'), firstName: '  ' }, /firstName must not be empty/],
      [{ ...person('x@company.com'), roles: 'Viewer' }, /roles must be a list of role names/],
      [{ ...person('x@company.com'), groups: [''] }, /group name must not be empty/],
      [{ ...person('x@company.com'), nickname: 'JD' }, /nickname/],
    ] as const) {
      assert.throws(() => OnboardUserInput.parse(input), pattern);
    }
  });

  it('a step that fails for good undoes what this run created and says so', async () => {
    const group = await sdk.ok(sdk.create_group({ name: 'Short-lived' }));
    stack.emulator.admin.clearCalls();
    // Hold the first group membership call back long enough to delete the second group meanwhile.
    stack.emulator.admin.injectFault({ status: 429, count: 1, operation: 'add_group_user', retryAfterSeconds: 2 });
    const run = onboard(person('saga@company.com', { groups: ['Finance', 'Short-lived'] }));
    await waitFor('the held-back membership call', () =>
      stack.emulator.admin.calls().some((c) => c.operationId === 'add_group_user' && c.status === 429) || undefined,
    );
    await sdk.ok(sdk.delete_group(group.id!));

    const failure = await jobFailure(run);
    assert.equal(failure.type, 'OnboardingFailed');
    assert.match(failure.message, /failed while adding to groups: .*add_group_user \(404/);
    assert.match(failure.message, /Undone: delete user \d+ \(saga@company\.com\), created by this run/);
    assert.deepEqual(usersWithEmail(stack.emulator, 'saga@company.com'), []);
    const finance = stack.emulator.admin.state().groups[GROUP.Finance];
    assert.ok(finance.user_ids.every((id) => stack.emulator.admin.state().users[id]), 'no membership of a deleted user remains');
  });

  it('for an existing user, the undo leaves the groups it joined and restores the roles', async () => {
    const existing = await onboard(person('existing@company.com', { roles: ['Viewer'], groups: [], userAttributes: {} }));
    const group = await sdk.ok(sdk.create_group({ name: 'Also short-lived' }));
    stack.emulator.admin.clearCalls();
    stack.emulator.admin.injectFault({ status: 429, count: 1, operation: 'add_group_user', retryAfterSeconds: 2 });
    const run = onboard(person('existing@company.com', { roles: ['Developer'], groups: ['Finance', 'Also short-lived'] }));
    await waitFor('the held-back membership call', () =>
      stack.emulator.admin.calls().some((c) => c.operationId === 'add_group_user' && c.status === 429) || undefined,
    );
    await sdk.ok(sdk.delete_group(group.id!));

    const failure = await jobFailure(run);
    assert.match(failure.message, new RegExp(`Undone: remove user ${existing.userId} from group Finance; restore the previous roles of user ${existing.userId}`));
    const user = stack.emulator.admin.state().users[existing.userId];
    assert.deepEqual(user.role_ids, [ROLE.Viewer]);
    assert.ok(!stack.emulator.admin.state().groups[GROUP.Finance].user_ids.includes(user.id));
  });

  it('completes under a 429 storm with the same result', async () => {
    const throttledBefore = stack.emulator.admin.counters().throttled429;
    stack.emulator.admin.injectFault({ status: 429, count: 6, retryAfterSeconds: 1 });
    const result = await onboard(person('storm@company.com'));

    assert.ok(stack.emulator.admin.counters().throttled429 >= throttledBefore + 6);
    assert.deepEqual(result.created, { user: true, credentials: true, groups: ['Finance', 'Marketing'], userAttributes: ['region'] });
    const [user] = usersWithEmail(stack.emulator, 'storm@company.com');
    assert.deepEqual([...user.role_ids].sort(), [ROLE.Developer, ROLE.Viewer]);
  });
});
