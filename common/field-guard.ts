// The hallucination guard: before any query runs, every field, filter and sort must exist in
// the explore. Unknown names are refused with the closest real ones, so an LLM that guessed
// `orders.revenue` learns it should have asked for `orders.total_revenue`.
// Pure and deterministic: workflows, the MCP server and the CLI all use this one function.
import { closestNames } from './closest-names';

export { closestNames };

export interface ExploreFieldNames {
  dimensions: Array<{ name: string }>;
  measures: Array<{ name: string }>;
  filters?: Array<{ name: string }>;
  parameters?: Array<{ name: string }>;
}

export interface QueryFieldsToCheck {
  fields: string[];
  filters?: Record<string, string>;
  sorts?: string[];
}

/** One line per unknown field; empty when the query only names real fields. */
export function findUnknownFields(explore: ExploreFieldNames, query: QueryFieldsToCheck): string[] {
  const known = new Set(
    [...explore.dimensions, ...explore.measures, ...(explore.filters ?? []), ...(explore.parameters ?? [])].map((f) => f.name),
  );
  const problems: string[] = [];
  const check = (name: string, role: string) => {
    if (known.has(name)) return;
    const closest = closestNames(name, [...known]);
    const hint = closest.length ? `; did you mean ${closest.map((c) => `\`${c}\``).join(' or ')}?` : '';
    problems.push(`no field \`${name}\` (${role})${hint}`);
  };
  for (const field of query.fields) check(field, 'fields');
  for (const field of Object.keys(query.filters ?? {})) check(field, 'filters');
  // A sort is "<field> [asc|desc]".
  for (const sort of query.sorts ?? []) check(sort.trim().split(/\s+/)[0] ?? '', 'sorts');
  return problems;
}
