// Schedules whose owner left: find them page by page (owner disabled or deleted), check the
// new owner, and hand each schedule over, changing only those not handed over yet.
import { ApplicationFailure } from '@temporalio/activity';
import type { LookerClient } from './looker-client';
import { readPage } from './paging';

export interface OrphanedScheduledPlan {
  id: string;
  name: string;
  ownerId: string;
  ownerName: string | null;
  /** `disabled`: the owner's account is disabled; `deleted`: no such user any more. */
  ownerState: 'disabled' | 'deleted';
  target: string;
}

export interface OrphanedScheduledPlansPage {
  plans: OrphanedScheduledPlan[];
  scanned: number;
  nextOffset: number | null;
}

export type UserRef = { id: string } | { email: string };

export function createOrphanedScheduleActivities({ looker }: { looker: LookerClient }) {
  return {
    /** An enabled user by id or email, to own schedules; fails if there is none. */
    async findActiveUser(user: UserRef): Promise<{ id: string; name: string }> {
      const described = 'id' in user ? `user ${user.id}` : `user with email ${user.email}`;
      const users = await looker.call('search_users', (sdk) =>
        sdk.search_users({ ...('id' in user ? { id: user.id } : { email: user.email }), fields: 'id,email,display_name,is_disabled' }),
      );
      const found = users.find((u) => ('id' in user ? u.id === user.id : u.email?.toLowerCase() === user.email.toLowerCase()));
      if (!found?.id) throw ApplicationFailure.nonRetryable(`no ${described}`, 'NewOwnerNotFound');
      if (found.is_disabled) throw ApplicationFailure.nonRetryable(`${described} is disabled and cannot own schedules`, 'NewOwnerDisabled');
      return { id: found.id, name: found.display_name ?? found.email ?? found.id };
    },

    /** One page of everyone's scheduled plans, reduced to those whose owner is disabled or gone. */
    async listOrphanedScheduledPlans(input: { limit?: number; offset?: number }): Promise<OrphanedScheduledPlansPage> {
      const { items: plans, nextOffset } = await readPage(looker, 'search_scheduled_plans', input, (sdk, page) =>
        sdk.search_scheduled_plans({ all_users: true, fields: 'id,name,user_id,dashboard_id,look_id,lookml_dashboard_id', ...page, sorts: 'id' }),
      );
      const ownerIds = [...new Set(plans.map((p) => p.user_id).filter((id): id is string => !!id))];
      const owners = ownerIds.length
        ? await looker.call('search_users', (sdk) => sdk.search_users({ id: ownerIds.join(','), fields: 'id,display_name,is_disabled', limit: ownerIds.length }))
        : [];
      const ownerById = new Map(owners.map((u) => [String(u.id), u]));
      const orphans: OrphanedScheduledPlan[] = [];
      for (const plan of plans) {
        const owner = ownerById.get(String(plan.user_id));
        if (owner && !owner.is_disabled) continue;
        orphans.push({
          id: String(plan.id),
          name: plan.name ?? '',
          ownerId: String(plan.user_id),
          ownerName: owner?.display_name ?? null,
          ownerState: owner ? 'disabled' : 'deleted',
          target: plan.dashboard_id ? `dashboard ${plan.dashboard_id}` : plan.look_id ? `look ${plan.look_id}` : plan.lookml_dashboard_id ? `LookML dashboard ${plan.lookml_dashboard_id}` : 'query',
        });
      }
      return { plans: orphans, scanned: plans.length, nextOffset };
    },

    async reassignScheduledPlan(input: { scheduledPlanId: string; userId: string }): Promise<{ changed: boolean }> {
      const plan = await looker.call('scheduled_plan', (sdk) => sdk.scheduled_plan(input.scheduledPlanId, 'id,user_id'));
      if (String(plan.user_id) === input.userId) return { changed: false };
      await looker.call('update_scheduled_plan', (sdk) => sdk.update_scheduled_plan(input.scheduledPlanId, { user_id: input.userId }));
      return { changed: true };
    },
  };
}
