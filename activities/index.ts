// The activities factory: every Looker activity, sharing one LookerClient and one file store.
//
// Workflows import only the LookerActivities TYPE from here; their activity options
// live in workflows/support/activity-options.ts.
import { createAlertActivities } from './alerts';
import { createArchiveActivities } from './archive-content';
import { asActivity } from './as-activity';
import { createCheckedQueryActivities } from './checked-query';
import { recordingChanges } from './change-log';
import { createChangeSummaryActivities } from './change-summary';
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
import { createUserLookupActivities } from './user-lookup';
import { createUserAccessActivities } from './user-access';
import { createWebUrl } from './web-url';

export interface ActivityDependencies {
  looker: LookerClient;
  files: FileStore;
  /** LOOKERFLOW_LOOKER_WEB_URL: the web address links use; unset, the one Looker reports. */
  lookerWebUrl?: string;
}

export function createActivities(deps: ActivityDependencies) {
  const queries = createQueryActivities(deps);
  const lookml = createLookmlActivities(deps);
  const webUrl = createWebUrl(deps.looker, deps.lookerWebUrl);
  const activities = {
    ...queries,
    ...createCheckedQueryActivities({ lookmlModelExplore: lookml.lookmlModelExplore, runQuery: queries.runQuery, querySql: queries.querySql }),
    ...createRenderActivities(deps),
    ...createScheduledPlanActivities(deps),
    ...createSearchActivities(deps),
    ...createNameActivities(deps),
    ...createInstanceNameActivities(deps),
    ...createLookActivities(deps),
    ...createContentDetailActivities(deps),
    ...createFieldUsageActivities(deps),
    ...lookml,
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
    ...createUserLookupActivities(deps),
    ...createContentActivities({ looker: deps.looker, webUrl }),
    // The job's change list counted for its result (file store only, on the files queue).
    ...createChangeSummaryActivities({ files: deps.files, webUrl }),
    ...createAlertActivities(deps),
  };
  return wrapAll(activities, deps.files);
}

export type LookerActivities = ReturnType<typeof createActivities>;

/** Applies asActivity to each activity, keeping its exact signature; the writes each makes go into its job's change list. */
function wrapAll<T extends Record<string, (...args: never[]) => Promise<unknown>>>(activities: T, files: FileStore): T {
  const wrapped: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(activities)) {
    const run = fn as (...args: unknown[]) => Promise<unknown>;
    wrapped[name] = asActivity((...args: unknown[]) => recordingChanges(files, () => run(...args)));
  }
  return wrapped as T;
}

export { createLookerClient, type LookerClient } from './looker-client';
export { lookerSettingsFromEnv, type LookerSettings } from './looker-settings';
export { createLocalFileStore, type FileStore, type StoredFile } from './file-store';
export { checkLookerConnection } from './connection-check';
