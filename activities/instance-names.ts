// The names a job input may give, checked against the instance before the job starts: one read
// of each list it needs (roles, groups, user attributes, folders, dashboards, Looks, explores),
// kept for a short while so a burst of starts reads Looker once. Unknown names come back with
// the nearest real ones; the job keeps its own checks for what changes before it runs.
import { closestNames } from '../common/closest-names';
import type { CheckNamesResult, NameKind, NameRef, UnknownName } from '../contracts/check-names';
import type { LookerClient } from './looker-client';
import { readEveryPage } from './paging';

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

const RULES: Record<NameKind, KindRule> = {
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
  const cache = new Map<ListName, { readAt: number; list: Promise<{ byName: NameList; ids: Set<string> }> }>();

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

  function list(name: ListName) {
    const cached = cache.get(name);
    if (cached && Date.now() - cached.readAt < NAME_LISTS_TTL_MS) return cached.list;
    const read = READS[name]();
    cache.set(name, { readAt: Date.now(), list: read });
    // A failed read is not kept: the next check reads again.
    read.catch(() => cache.delete(name));
    return read;
  }

  return {
    /** The names Looker does not know, each with the nearest ones it does. */
    async checkNames(input: { names: NameRef[] }): Promise<CheckNamesResult> {
      const lists = [...new Set(input.names.map((ref) => RULES[ref.kind].list))];
      const read = new Map(await Promise.all(lists.map(async (name) => [name, await list(name)] as const)));
      const unknown: UnknownName[] = [];
      for (const ref of input.names) {
        const rule = RULES[ref.kind];
        const { byName, ids } = read.get(rule.list)!;
        if (rule.byId ? ids.has(ref.name) : byName.has(ref.name.toLowerCase())) continue;
        unknown.push({ ...ref, suggestions: rule.byId ? [] : closestNames(ref.name, [...byName.values()]) });
      }
      return { unknown };
    },
  };
}
