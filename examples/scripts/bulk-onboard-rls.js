// Bulk onboarding with row-level security: people whose accounts single sign-on has made are put
// in their groups and given the user attributes that Looker's access filters read (say `region`),
// creating the groups and attributes that do not exist yet. Looks first, so a second run writes
// nothing; every write is approved as a plan first. People without an account are reported.
// Looker calls: all_user_attributes, create_user_attribute, all_groups, create_group,
// search_users, add_group_user, user_attribute_user_values, set_user_attribute_user_value.
// input: { people: [{ email: "ana@example.com", groups: ["Growth Team"], attributes: { region: "EMEA" } }] }
const people = input.people;
const attributeNames = [...new Set(people.flatMap((p) => Object.keys(p.attributes ?? {})))];
const groupNames = [...new Set(people.flatMap((p) => p.groups ?? []))];

const attributes = {};
for (const a of await looker.all_user_attributes({ fields: 'id,name' })) attributes[a.name] = a.id;
for (const name of attributeNames.filter((n) => !(n in attributes))) {
  // Hidden from the user and not editable by them: it decides which rows they see.
  const made = await looker.create_user_attribute({ body: { name, label: name.split('_').join(' '), type: 'string', user_can_view: false, user_can_edit: false } });
  attributes[name] = made.id;
}
const groups = {};
for (const g of await looker.all_groups({ fields: 'id,name' })) groups[g.name] = g.id;
for (const name of groupNames.filter((n) => !(n in groups))) groups[name] = (await looker.create_group({ body: { name } })).id;

const onboarded = [];
const notFound = [];
await parallel(people, 4, async (person) => {
  const user = (await looker.search_users({ email: person.email, fields: 'id,email,group_ids' }))[0];
  if (!user) return notFound.push(person.email);
  const changes = [];
  for (const name of person.groups ?? []) {
    if ((user.group_ids ?? []).includes(groups[name])) continue;
    await looker.add_group_user({ group_id: groups[name], body: { user_id: user.id } });
    changes.push(`group ${name}`);
  }
  const wanted = Object.entries(person.attributes ?? {});
  const ids = wanted.map(([name]) => attributes[name]);
  const current = {};
  for (const v of await looker.user_attribute_user_values({ user_id: user.id, user_attribute_ids: ids, fields: 'user_attribute_id,value' })) current[v.user_attribute_id] = v.value;
  for (const [name, value] of wanted) {
    if (current[attributes[name]] === String(value)) continue;
    await looker.set_user_attribute_user_value({ user_id: user.id, user_attribute_id: attributes[name], body: { value: String(value) } });
    changes.push(`${name}=${value}`);
  }
  onboarded.push({ email: person.email, userId: user.id, changes });
});
return { onboarded, notFound };
