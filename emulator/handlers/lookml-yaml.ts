/**
 * The YAML that LookML dashboards are written in, as far as dashboard LookML
 * needs it: block mappings and sequences by indentation, flow lists
 * (`[a, b]`), plain, single- and double-quoted scalars. Enough to read back
 * what `dashboard_lookml` writes and what people paste from Looker.
 */

export type Yaml = string | number | boolean | null | Yaml[] | { [key: string]: Yaml };

interface Line {
  indent: number;
  text: string;
}

export class YamlError extends Error {}

const PLAIN = /^[A-Za-z_][\w .\-/]*$/;

function scalarText(value: Yaml): string {
  if (value === null) return 'null';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(scalarText).join(', ')}]`;
  const text = String(value);
  return PLAIN.test(text) && !/^(true|false|null|yes|no)$/i.test(text) && !/ $/.test(text) ? text : JSON.stringify(text);
}

const isScalarList = (v: Yaml) => Array.isArray(v) && v.every((x) => x === null || typeof x !== 'object');

/** Writes a value as block YAML at the given indent. */
export function toYaml(value: Yaml, indent = 0): string {
  const pad = ' '.repeat(indent);
  if (Array.isArray(value)) {
    return value.map((item) => {
      const body = toYaml(item, indent + 2);
      return `${pad}- ${body.slice(indent + 2)}`;
    }).join('');
  }
  if (value && typeof value === 'object') {
    return Object.entries(value).filter(([, v]) => v !== undefined).map(([key, v]) => {
      if (v && typeof v === 'object' && !isScalarList(v)) {
        // Sequences sit at their key's indent, as Looker writes them; mappings one level in.
        return `${pad}${key}:\n${toYaml(v, Array.isArray(v) ? indent : indent + 2)}`;
      }
      return `${pad}${key}: ${scalarText(v)}\n`;
    }).join('');
  }
  return `${pad}${scalarText(value)}\n`;
}

function splitFlow(inner: string): string[] {
  const parts: string[] = [];
  let quote: string | null = null;
  let current = '';
  for (const ch of inner) {
    if (quote) {
      if (ch === quote) quote = null;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === ',') {
      parts.push(current.trim());
      current = '';
      continue;
    }
    current += ch;
  }
  if (current.trim()) parts.push(current.trim());
  return parts;
}

function parseScalar(raw: string): Yaml {
  const text = raw.trim();
  if (text.startsWith('"')) {
    try {
      return JSON.parse(text) as string;
    } catch {
      throw new YamlError(`bad quoted string ${text}`);
    }
  }
  if (text.startsWith("'")) {
    if (!text.endsWith("'") || text.length < 2) throw new YamlError(`unterminated string ${text}`);
    return text.slice(1, -1).replace(/''/g, "'");
  }
  if (text.startsWith('[')) {
    if (!text.endsWith(']')) throw new YamlError(`unterminated list ${text}`);
    return splitFlow(text.slice(1, -1)).map(parseScalar);
  }
  if (text === '' || text === 'null' || text === '~') return null;
  if (text === 'true' || text === 'false') return text === 'true';
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  return text;
}

function keyValue(text: string): [string, string] {
  const match = /^([\w.\-]+|"[^"]*"|'[^']*'):(?:\s+(.*))?$/.exec(text);
  if (!match) throw new YamlError(`expected "key: value", got "${text}"`);
  return [String(parseScalar(match[1])), match[2] ?? ''];
}

function parseBlock(lines: Line[], start: number, indent: number): [Yaml, number] {
  if (lines[start].text.startsWith('- ') || lines[start].text === '-') {
    const items: Yaml[] = [];
    let i = start;
    while (i < lines.length && lines[i].indent === indent && (lines[i].text.startsWith('- ') || lines[i].text === '-')) {
      const rest = lines[i].text.slice(2);
      if (!rest.trim()) {
        const [value, next] = parseBlock(lines, i + 1, lines[i + 1]?.indent ?? indent + 2);
        items.push(value);
        i = next;
        continue;
      }
      if (!/^[\w.\-"']+:(\s|$)/.test(rest)) {
        items.push(parseScalar(rest));
        i++;
        continue;
      }
      // "- key: value" starts a mapping whose other keys sit two columns in.
      const sub: Line[] = [{ indent: indent + 2, text: rest }];
      let j = i + 1;
      while (j < lines.length && lines[j].indent > indent) sub.push(lines[j++]);
      items.push(parseBlock(sub, 0, indent + 2)[0]);
      i = j;
    }
    return [items, i];
  }
  const map: Record<string, Yaml> = {};
  let i = start;
  while (i < lines.length && lines[i].indent === indent && !lines[i].text.startsWith('- ')) {
    const [key, rest] = keyValue(lines[i].text);
    const next = lines[i + 1];
    if (rest.trim() === '' && next && (next.indent > indent || (next.indent === indent && next.text.startsWith('- ')))) {
      const [value, after] = parseBlock(lines, i + 1, next.indent);
      map[key] = value;
      i = after;
    } else {
      map[key] = parseScalar(rest);
      i++;
    }
  }
  if (i < lines.length && lines[i].indent > indent) throw new YamlError(`unexpected indentation at "${lines[i].text}"`);
  return [map, i];
}

/** Parses block YAML; throws YamlError on what it cannot read. */
export function parseYaml(text: string): Yaml {
  const lines = text.split(/\r?\n/)
    .filter((l) => l.trim() && !l.trim().startsWith('#') && l.trim() !== '---')
    .map((l) => ({ indent: l.length - l.trimStart().length, text: l.trim() }));
  if (!lines.length) throw new YamlError('empty document');
  const [value, end] = parseBlock(lines, 0, lines[0].indent);
  if (end < lines.length) throw new YamlError(`unexpected "${lines[end].text}"`);
  return value;
}
