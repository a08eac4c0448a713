// The hallucination guard: before any query runs, every field, filter and sort must exist in
// the explore. Unknown names are refused with the closest real ones, so an LLM that guessed
// `orders.revenue` learns it should have asked for `orders.total_revenue`.
// Pure and deterministic: workflows, the MCP server and the CLI all use this one function.

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

/** Up to `max` known names nearest to `name` (same view first), if any are reasonably near. */
export function closestNames(name: string, known: string[], max = 2): string[] {
  const [view] = name.split('.');
  const target = name.toLowerCase();
  return known
    .map((candidate) => {
      const lower = candidate.toLowerCase();
      let score = editDistance(target, lower);
      if (lower.includes(target.split('.').pop() ?? '') || target.includes(lower.split('.').pop() ?? '')) score -= 3;
      if (candidate.split('.')[0] !== view) score += 2;
      return { candidate, score };
    })
    .filter(({ score }) => score <= Math.max(4, Math.floor(name.length / 2)))
    .sort((a, b) => a.score - b.score || a.candidate.localeCompare(b.candidate))
    .slice(0, max)
    .map(({ candidate }) => candidate);
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}
