// onboardUser's contract: input (schema in jobs/onboard-user.ts), result, queries, search attributes.
import type { z } from 'zod';
import type { EnsureOutcome } from '../activities/ensure-result';
import type { KnownUser } from '../activities/user-lookup';
import type { OnboardUserInput as OnboardUserInputSchema } from '../jobs/onboard-user';
import { jobContract } from './job';

export type OnboardUserInput = z.infer<typeof OnboardUserInputSchema>;

export interface OnboardUserResult {
  userId: string;
  email: string;
  created: {
    user: boolean;
    /** Email credentials come with a new user (the email is how the user is found again). */
    credentials: boolean;
    groups: string[];
    /** User attribute names whose value this run set. */
    userAttributes: string[];
  };
  alreadyPresent: { user: boolean; groups: string[]; userAttributes: string[] };
  rolesChanged: boolean;
  /** The user was created, updated (their names changed to the input) or found as asked. */
  userOutcome: EnsureOutcome;
  /** True when the password-setup email went out (its reset link is never kept). */
  setupEmailSent: boolean;
  /** Why it was not sent although asked (already signed in, a link still valid, Looker failed to send). */
  setupEmailReason?: string;
}

export const onboardUserContract = jobContract('onboardUser');

/**
 * What a parent that read Looker moments ago knows of the user (bulkOnboard): the user as they
 * were, or null when no user had the email. With it, onboardUser reads nothing before writing.
 */
export interface OnboardUserKnown {
  user: KnownUser | null;
}

// Here rather than only in the job's definition because bulkOnboard starts onboardUser children
// and gives them the same summary and LookerTarget as an onboardUser started on its own.

/** Temporal UI summary, e.g. "Onboard jdoe@company.com". */
export const onboardUserSummary = (input: Pick<OnboardUserInput, 'email'>): string => `Onboard ${input.email}`;
/** The LookerTarget search attribute. */
export const onboardUserTarget = (input: Pick<OnboardUserInput, 'email'>): string => input.email;
