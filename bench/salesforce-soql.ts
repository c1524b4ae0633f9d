// The little SOQL the fake Salesforce org understands: SELECT fields FROM object [WHERE ...]
// [ORDER BY ...], where WHERE holds AND / OR / parentheses, = != > >= < <=, IN (...), and string,
// number, boolean, null, date and dateTime literals. It is what the connector sends, evaluated for
// real, so the fake answers the same records (and pages) an org would.
export type Value = string | number | boolean | null;
export type Row = Record<string, Value>;

export interface Soql {
  fields: string[];
  object: string;
  where: (row: Row) => boolean;
  orderBy: string[];
}

type Token = { kind: 'word' | 'string' | 'literal' | 'punct'; text: string };

function tokenize(s: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i]!;
    if (/\s/.test(c)) i++;
    else if (c === "'") {
      let text = '';
      for (i++; s[i] !== "'"; i++) text += s[i] === '\\' ? s[++i] : s[i];
      i++;
      out.push({ kind: 'string', text });
    } else if ('(),'.includes(c)) out.push({ kind: 'punct', text: s[i++]! });
    else if ('=!<>'.includes(c)) {
      const two = s.slice(i, i + 2);
      const op = ['!=', '>=', '<='].includes(two) ? two : c;
      out.push({ kind: 'punct', text: op });
      i += op.length;
    } else {
      const m = /^[\w.:+-]+/.exec(s.slice(i))!;
      out.push({ kind: /^[-\d]/.test(m[0]) ? 'literal' : 'word', text: m[0] });
      i += m[0].length;
    }
  }
  return out;
}

function literal(t: Token): Value {
  if (t.kind === 'string') return t.text;
  const w = t.text.toLowerCase();
  if (w === 'true' || w === 'false') return w === 'true';
  if (w === 'null') return null;
  if (/^\d{4}-\d{2}-\d{2}/.test(t.text)) return t.text;
  return Number(t.text);
}

/** Compares a field value with a literal: instants by time, the rest as they are. */
function compare(a: Value, b: Value): number {
  if (typeof a === 'string' && typeof b === 'string' && /^\d{4}-\d{2}-\d{2}/.test(b)) return Date.parse(a.length === 10 ? `${a}T00:00:00Z` : a) - Date.parse(b.length === 10 ? `${b}T00:00:00Z` : b);
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}

export function parseSoql(text: string): Soql {
  const m = /^SELECT (.+?) FROM (\w+)(?: WHERE (.+?))?(?: ORDER BY (.+))?$/s.exec(text);
  if (!m) throw new Error(`the fake org cannot read this SOQL: ${text.slice(0, 120)}`);
  const tokens = tokenize(m[3] ?? '');
  let at = 0;
  const next = () => tokens[at++]!;
  const peek = (text: string) => tokens[at]?.text.toUpperCase() === text;

  function expr(): (r: Row) => boolean {
    const parts = [and()];
    while (peek('OR')) {
      at++;
      parts.push(and());
    }
    return (r) => parts.some((p) => p(r));
  }
  function and(): (r: Row) => boolean {
    const parts = [unary()];
    while (peek('AND')) {
      at++;
      parts.push(unary());
    }
    return (r) => parts.every((p) => p(r));
  }
  function unary(): (r: Row) => boolean {
    if (peek('(')) {
      at++;
      const inner = expr();
      next();
      return inner;
    }
    const field = next().text;
    const op = next().text.toUpperCase();
    if (op === 'IN') {
      next();
      const values = new Set<Value>();
      do values.add(literal(next()));
      while (next().text === ',');
      return (r) => values.has(r[field] ?? null);
    }
    const value = literal(next());
    return (r) => {
      const v = r[field] ?? null;
      if (value === null || v === null) return op === '=' ? v === value : op === '!=' ? v !== value : false;
      const c = compare(v, value);
      return op === '=' ? c === 0 : op === '!=' ? c !== 0 : op === '>' ? c > 0 : op === '>=' ? c >= 0 : op === '<' ? c < 0 : c <= 0;
    };
  }

  return {
    fields: m[1]!.split(',').map((f) => f.trim()),
    object: m[2]!,
    where: m[3] ? expr() : () => true,
    orderBy: m[4] ? m[4].split(',').map((f) => f.trim()) : [],
  };
}

export function sortRows(rows: Row[], orderBy: readonly string[]): Row[] {
  return rows.sort((a, b) => {
    for (const f of orderBy) {
      const c = compare(a[f] ?? '', b[f] ?? '');
      if (c !== 0) return c;
    }
    return 0;
  });
}
