/**
 * `fields=` response trimming: "id, title" keeps those keys; nested selections
 * like "dashboard_elements(id,title)" trim inside objects and arrays.
 */

export type FieldTree = Map<string, FieldTree | null>;

export function parseFields(spec: string): FieldTree {
  let pos = 0;
  const parseList = (): FieldTree => {
    const tree: FieldTree = new Map();
    while (pos < spec.length) {
      const match = /^\s*([^,()\s]+)\s*/.exec(spec.slice(pos));
      if (!match) {
        pos++;
        continue;
      }
      pos += match[0].length;
      let child: FieldTree | null = null;
      if (spec[pos] === '(') {
        pos++;
        child = parseList();
      }
      tree.set(match[1], child);
      while (pos < spec.length && /\s/.test(spec[pos])) pos++;
      if (spec[pos] === ',') pos++;
      else if (spec[pos] === ')') {
        pos++;
        return tree;
      }
    }
    return tree;
  };
  return parseList();
}

export function trimFields(value: unknown, tree: FieldTree): unknown {
  if (Array.isArray(value)) return value.map((v) => trimFields(v, tree));
  if (!value || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of tree) {
    if (!(key in (value as Record<string, unknown>))) continue;
    const inner = (value as Record<string, unknown>)[key];
    out[key] = child ? trimFields(inner, child) : inner;
  }
  return out;
}
