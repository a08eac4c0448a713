// The names a job input may give, checked against the instance before the job starts: one read
// of each list it needs (roles, groups, user attributes, folders, dashboards, Looks, explores),
// kept for a short while so a burst of starts reads Looker once, and the tiles of the dashboard
// an alert is to watch. Unknown names come back with
// the nearest real ones; the job keeps its own checks for what changes before it runs.
import { closestNames } from '../common/closest-names';
import type { CheckNamesResult, NameKind, NameRef, UnknownName } from '../contracts/check-names';
import { ifFound } from './looker-api-error';
import type { LookerClient } from './looker-client';
import { readEveryPage } from './paging';
import { createTtlCache } from './ttl-cache';

/** How long a read list is reused. */
export const NAME_LISTS_TTL_MS = 30_000;

type ListName = 'roles' | 'groups' | 'userAttributes' | 'folders' | 'dashboards' | 'looks' | 'explores';

/** A list: the names as Looker spells them, by the key they are matched on (lower-cased name, or id). */
type NameList = Map<string, string>;

interface KindRule {
  list: ListName;
  /** Names match ignoring case; ids exactly. */
  byId?: boolean;
}

const RULES: Record<Exclude<NameKind, 'tileField'>, KindRule> = {
  role: { list: 'roles' },
  group: { list: 'groups' },
  userAttribute: { list: 'userAttributes' },
  folderId: { list: 'folders', byId: true },
  dashboardTitle: { list: 'dashboards' },
  dashboardId: { list: 'dashboards', byId: true },
  lookId: { list: 'looks', byId: true },
  explore: { list: 'explores' },
};

export function createInstanceNameActivities({ looker }: { looker: LookerClient }) {
  const cache = createTtlCache<ListName, { byName: NameList; ids: Set<string> }>({ ttlMs: NAME_LISTS_TTL_MS });

  const named = (items: Array<{ id?: string | null; name?: string | null }>) => ({
    byName: new Map(items.filter((i) => i.name).map((i) => [i.name!.toLowerCase(), i.name!])),
    ids: new Set(items.map((i) => String(i.id ?? ''))),
  });

  const READS: Record<ListName, () => Promise<{ byName: NameList; ids: Set<string> }>> = {
    roles: async () => named(await looker.call('all_roles', (sdk) => sdk.all_roles({ fields: 'id,name' }))),
    groups: async () => named(await looker.call('all_groups', (sdk) => sdk.all_groups({ fields: 'id,name' }))),
    userAttributes: async () => named(await looker.call('all_user_attributes', (sdk) => sdk.all_user_attributes({ fields: 'id,name' }))),
    folders: async () =>
      named(await readEveryPage(looker, 'search_folders', (sdk, page) => sdk.search_folders({ fields: 'id,name', ...page }))),
    dashboards: async () => {
      const found = await readEveryPage(looker, 'search_dashboards', (sdk, page) => sdk.search_dashboards({ fields: 'id,title', deleted: 'false', ...page }));
      return named(found.map((d) => ({ id: d.id, name: d.title })));
    },
    looks: async () => {
      const found = await readEveryPage(looker, 'search_looks', (sdk, page) => sdk.search_looks({ fields: 'id,title', deleted: false, ...page }));
      return named(found.map((l) => ({ id: l.id, name: l.title })));
    },
    explores: async () => {
      const models = await looker.call('all_lookml_models', (sdk) => sdk.all_lookml_models({ fields: 'name,explores(name)' }));
      return named(models.flatMap((m) => (m.explores ?? []).map((e) => ({ id: null, name: `${m.name}::${e.name}` }))));
    },
  };

  const list = (name: ListName) => cache.get(name, READS[name]);

  /**
   * The fields a dashboard's tiles show (as the alert check of setupKpiMonitoring counts them),
   * or undefined when the dashboard is not one (none or several: its own name check says so).
   */
  async function tileFields(dashboard: NonNullable<NameRef['dashboard']>): Promise<string[] | undefined> {
    const found =
      'id' in dashboard
        ? [await ifFound(looker.call('dashboard', (sdk) => sdk.dashboard(dashboard.id, 'id,deleted')), undefined)].filter((d) => d && !d.deleted)
        : (await looker.call('search_dashboards', (sdk) => sdk.search_dashboards({ title: dashboard.title, deleted: 'false', fields: 'id,title', limit: 50 }))).filter(
            (d) => d.title?.toLowerCase() === dashboard.title.toLowerCase(),
          );
    if (found.length !== 1) return undefined;
    const elements = await looker.call('dashboard_dashboard_elements', (sdk) => sdk.dashboard_dashboard_elements(String(found[0]!.id), 'query(fields)'));
    return [...new Set(elements.flatMap((e) => e.query?.fields ?? []))];
  }

  return {
    /** The names Looker does not know, each with the nearest ones it does. */
    async checkNames(input: { names: NameRef[] }): Promise<CheckNamesResult> {
      const unknown: UnknownName[] = [];
      for (const ref of input.names.filter((r) => r.kind === 'tileField' && r.dashboard)) {
        const shown = await tileFields(ref.dashboard!);
        if (shown && !shown.includes(ref.name)) unknown.push({ ...ref, suggestions: closestNames(ref.name, shown) });
      }
      const listed = input.names.filter((ref): ref is NameRef & { kind: keyof typeof RULES } => ref.kind !== 'tileField');
      const lists = [...new Set(listed.map((ref) => RULES[ref.kind].list))];
      const read = new Map(await Promise.all(lists.map(async (name) => [name, await list(name)] as const)));
      for (const ref of listed) {
        const rule = RULES[ref.kind];
        const { byName, ids } = read.get(rule.list)!;
        if (rule.byId ? ids.has(ref.name) : byName.has(ref.name.toLowerCase())) continue;
        unknown.push({ ...ref, suggestions: rule.byId ? [] : closestNames(ref.name, [...byName.values()]) });
      }
      return { unknown };
    },
  };
}
