// checkNames: the short read-only job the job service runs before starting a job, so names of
// roles, groups, user attributes, folders, dashboards, Looks and explores that do not exist are
// refused up front, all at once, with the nearest real ones. Input schema in jobs/read-tools.ts.
import { jobContract } from './job';

/** What a name in a job input names. */
export const NAME_KINDS = ['role', 'group', 'userAttribute', 'folderId', 'dashboardTitle', 'dashboardId', 'lookId', 'explore', 'tileField'] as const;
export type NameKind = (typeof NAME_KINDS)[number];

/**
 * One name a job input gives: e.g. `{ kind: 'role', name: 'Viewer' }`, an explore as
 * `model::explore`, a field one of a dashboard's tiles must show as `tileField` with `dashboard`.
 */
export interface NameRef {
  kind: NameKind;
  name: string;
  dashboard?: { id: string } | { title: string };
}

export interface CheckNamesInput {
  names: NameRef[];
}

/** A name Looker does not know, with the nearest ones it does (may be empty). */
export interface UnknownName extends NameRef {
  suggestions: string[];
}

export interface CheckNamesResult {
  unknown: UnknownName[];
}

export const checkNamesContract = jobContract('checkNames');
