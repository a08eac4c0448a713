// The activities factory: every Looker activity, sharing one LookerClient and one file store.
//
// Workflows import only the LookerActivities TYPE from here; their activity options
// live in workflows/support/activity-options.ts.
import { createAlertActivities } from './alerts';
import { createArchiveActivities } from './archive-content';
import { asActivity } from './as-activity';
import { createContentActivities } from './content';
import { createContentDetailActivities } from './content-details';
import { createContentStateActivities } from './content-state';
import type { FileStore } from './file-store';
import type { LookerClient } from './looker-client';
import { createLookerCallActivities, createScriptValueActivities } from './looker-call';
import { createFieldUsageActivities } from './field-usages';
import { createInstanceNameActivities } from './instance-names';
import { createLookActivities } from './looks';
import { createLookmlActivities } from './lookml';
import { createNameActivities } from './names';
import { createOrphanedScheduleActivities } from './orphaned-schedules';
import { createQueryActivities } from './queries';
import { createRenderActivities } from './renders';
import { createScheduledPlanActivities } from './scheduled-plans';
import { createSearchActivities } from './searches';
import { createStaleContentActivities } from './stale-content';
import { createUserActivities } from './users';
import { createUserAccessActivities } from './user-access';

export interface ActivityDependencies {
  looker: LookerClient;
  files: FileStore;
  /** LOOKERFLOW_LOOKER_WEB_URL: the web address links use; unset, the one Looker reports. */
  lookerWebUrl?: string;
}

export function createActivities(deps: ActivityDependencies) {
  const activities = {
    ...createQueryActivities(deps),
    ...createRenderActivities(deps),
    ...createScheduledPlanActivities(deps),
    ...createSearchActivities(deps),
    ...createNameActivities(deps),
    ...createInstanceNameActivities(deps),
    ...createLookActivities(deps),
    ...createContentDetailActivities(deps),
    ...createFieldUsageActivities(deps),
    ...createLookmlActivities(deps),
    // Any operation by id, for scripts.
    ...createLookerCallActivities(deps),
    ...createScriptValueActivities(deps),
    // Domain writes (idempotent: safe to retry).
    ...createUserActivities(deps),
    ...createStaleContentActivities(deps),
    ...createContentStateActivities(deps),
    ...createArchiveActivities(deps),
    ...createOrphanedScheduleActivities(deps),
    ...createUserAccessActivities(deps),
    ...createContentActivities(deps),
    ...createAlertActivities(deps),
  };
  return wrapAll(activities);
}

export type LookerActivities = ReturnType<typeof createActivities>;

/** Applies asActivity to each activity, keeping its exact signature. */
function wrapAll<T extends Record<string, (...args: never[]) => Promise<unknown>>>(activities: T): T {
  const wrapped: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(activities)) wrapped[name] = asActivity(fn as (...args: unknown[]) => Promise<unknown>);
  return wrapped as T;
}

export { createLookerClient, type LookerClient } from './looker-client';
export { lookerSettingsFromEnv, type LookerSettings } from './looker-settings';
export { createLocalFileStore, type FileStore, type StoredFile } from './file-store';
export { checkLookerConnection } from './connection-check';
