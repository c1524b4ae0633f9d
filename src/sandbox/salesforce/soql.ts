// The little SOQL the sandbox org understands: SELECT fields FROM object [WHERE ...]
// [ORDER BY ...], where WHERE holds AND / OR / parentheses, = != > >= < <=, IN (...), and string,
// number, boolean, null, date and dateTime literals. It is what the connector sends, evaluated for
// real, so the sandbox answers the same records (and pages) an org would; the fields a statement
// names are listed so the org can refuse one it does not have, as Salesforce does.
export type Value = string | number | boolean | null;
export type Row = Record<string, Value>;

export interface Soql {
  fields: string[];
  object: string;
  where: (row: Row) => boolean;
  /** Fields the WHERE clause compares. */
  whereFields: string[];
  /**
   * A `field IN (...)` every match must satisfy (a conjunct of the top-level AND), so the org can
   * look the candidates up by value instead of scanning the table; null when there is none.
   */
  keyIn: { field: string; values: ReadonlySet<Value> } | null;
  /** Fields every match must satisfy a comparison on (conjuncts of the top-level AND): what an index can serve. */
  conjunctFields: string[];
  orderBy: string[];
}

/** A statement the sandbox cannot read: Salesforce's MALFORMED_QUERY. */
export class MalformedQuery extends Error {}

// Salesforce writes offsets without a colon (+0000), which Date.parse does not take everywhere.
const instant = (s: string) => Date.parse(s.length === 10 ? `${s}T00:00:00Z` : s.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));

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
  if (typeof a === 'string' && typeof b === 'string' && /^\d{4}-\d{2}-\d{2}/.test(b)) return instant(a) - instant(b);
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}

export function parseSoql(text: string): Soql {
  const m = /^SELECT (.+?) FROM (\w+)(?: WHERE (.+?))?(?: ORDER BY (.+))?$/s.exec(text);
  if (!m) throw new MalformedQuery(`unexpected token in: ${text.slice(0, 120)}`);
  const tokens = tokenize(m[3] ?? '');
  const whereFields: string[] = [];
  const conjunctFields: string[] = [];
  let depth = 0;
  let orAtTop = false;
  let keyIn: Soql['keyIn'] = null;
  let at = 0;
  const next = () => tokens[at++]!;
  const peek = (text: string) => tokens[at]?.text.toUpperCase() === text;

  function expr(): (r: Row) => boolean {
    const parts = [and()];
    while (peek('OR')) {
      if (depth === 0) orAtTop = true;
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
      depth++;
      const inner = expr();
      depth--;
      next();
      return inner;
    }
    const field = next().text;
    whereFields.push(field);
    if (depth === 0) conjunctFields.push(field);
    const op = next().text.toUpperCase();
    if (op === 'IN') {
      next();
      const values = new Set<Value>();
      do values.add(literal(next()));
      while (next().text === ',');
      if (depth === 0) keyIn ??= { field, values };
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

  const where = m[3] ? expr() : () => true;
  return {
    fields: m[1]!.split(',').map((f) => f.trim()),
    object: m[2]!,
    where,
    whereFields,
    keyIn: orAtTop ? null : keyIn,
    conjunctFields: orAtTop ? [] : conjunctFields,
    orderBy: m[4] ? m[4].split(',').map((f) => f.trim()) : [],
  };
}

/** Sorts by the ORDER BY fields, instants by time; each row's keys are worked out once. */
export function sortRows(rows: Row[], orderBy: readonly string[]): Row[] {
  const key = (v: Value): Value => (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}/.test(v) ? instant(v) : v ?? '');
  const keyed = rows.map((r) => ({ r, k: orderBy.map((f) => key(r[f] ?? null)) }));
  keyed.sort((a, b) => {
    for (let i = 0; i < orderBy.length; i++) {
      const c = compare(a.k[i]!, b.k[i]!);
      if (c !== 0) return c;
    }
    return 0;
  });
  return keyed.map((x) => x.r);
}
