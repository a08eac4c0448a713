// offboardUser's contract: input (schema in jobs/offboard-user.ts), result, queries, search attributes.
import type { z } from 'zod';
import type { TransferredItem } from '../activities/user-access';
import type { OffboardUserInput as OffboardUserInputSchema } from '../jobs/offboard-user';
import { jobContract } from './job';

export type OffboardUserInput = z.infer<typeof OffboardUserInputSchema>;

export interface OffboardUserResult {
  userId: string;
  /** False when the account was disabled already. */
  disabled: boolean;
  transferredTo: { id: string; email: string | null };
  scheduledPlans: TransferredItem[];
  alerts: TransferredItem[];
}

export const offboardUserContract = jobContract('offboardUser');
