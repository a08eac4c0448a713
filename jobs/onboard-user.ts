// onboardUser: one person gets a Looker account with the roles, groups and user attributes
// their team uses, and optionally the email that lets them set a password.
import { z } from 'zod';
import { onboardUserContract, onboardUserSummary, onboardUserTarget } from '../contracts/onboard-user';
import { defineJob, type NamedField } from './job-type';

const name = (what: string) =>
  z
    .string({ error: `${what} is required` })
    .trim()
    .min(1, `${what} must not be empty`)
    .max(255, `${what} must be at most 255 characters`);

export const OnboardUserInput = z
  .object({
    email: z.email({ error: 'email must be a valid email address' }).max(255),
    firstName: name('firstName'),
    lastName: name('lastName'),
    /** Role names as Looker shows them, e.g. "Viewer"; the user gets exactly these roles. */
    roles: z.array(name('role name'), { error: 'roles must be a list of role names' }).default([]),
    /** Group names, e.g. "Finance"; the user is added to each (never removed from others). */
    groups: z.array(name('group name'), { error: 'groups must be a list of group names' }).default([]),
    /** Send the password-setup email: once while its link is valid, and not to an account that has signed in before. */
    sendSetupEmail: z.boolean().default(false),
    /** With sendSetupEmail: send it also when the account has already signed in. */
    forceSetupEmail: z.boolean().default(false),
    /** User attribute values by attribute name, e.g. { "region": "EMEA" }. */
    userAttributes: z.record(name('user attribute name'), z.string().max(4096)).default({}),
  })
  .strict();
export type OnboardUserInput = z.infer<typeof OnboardUserInput>;

export const onboardUserJob = defineJob({
  contract: onboardUserContract,
  purpose: 'Create or update one user: roles, groups, attributes, optional setup email.',
  writes: true,
  tags: ['users'],
  input: OnboardUserInput,
  names: (input) => userNames(input),
  summary: onboardUserSummary,
  target: onboardUserTarget,
});

/** The roles, groups and user attributes a user's input names; `at` prefixes the fields (`row 3: `). */
export function userNames(input: OnboardUserInput, at = ''): NamedField[] {
  return [
    ...input.roles.map((name, i) => ({ field: `${at}roles.${i}`, kind: 'role' as const, name })),
    ...input.groups.map((name, i) => ({ field: `${at}groups.${i}`, kind: 'group' as const, name })),
    ...Object.keys(input.userAttributes).map((name) => ({ field: `${at}userAttributes.${name}`, kind: 'userAttribute' as const, name })),
  ];
}
