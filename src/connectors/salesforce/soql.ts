// Building SOQL safely: quoted literals, dateTime literals to the second, the keyset that resumes
// a read ordered by (SystemModstamp, Id), and IN lists split so each statement stays under
// Salesforce's length limit.
//
// https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_quotedstringescapes.htm
// https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_dateformats.htm
// https://developer.salesforce.com/docs/atlas.en-us.salesforce_app_limits_cheatsheet.meta/salesforce_app_limits_cheatsheet/salesforce_app_limits_platform_soslsoql.htm
import { formatDay } from '../../model/index.ts';

/** "By default, 100,000 characters" per SOQL statement. */
export const SOQL_MAX_CHARS = 100_000;

/** A string literal: backslash and quote escaped, control characters refused. */
export function quote(value: string): string {
  if (/[\n\r\t\f\b]/.test(value)) throw new RangeError(`a SOQL literal cannot hold control characters: ${JSON.stringify(value)}`);
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** A dateTime literal, `YYYY-MM-DDThh:mm:ssZ` (Salesforce keeps datetimes to the second). */
export function dateTime(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** A date literal, `YYYY-MM-DD` (unquoted). */
export function date(ms: number): string {
  return formatDay(ms);
}

/** A resume point of a read ordered by (SystemModstamp, Id): everything up to it is read. */
export interface Cursor {
  /** Epoch ms, to the second. */
  since: number;
  /** The last Id read at `since`; null when every record at `since` is read. */
  afterId: string | null;
}

/** Records after the cursor in (SystemModstamp, Id) order. */
export function afterCursor(c: Cursor): string {
  const at = dateTime(c.since);
  if (c.afterId === null) return `SystemModstamp > ${at}`;
  return `(SystemModstamp > ${at} OR (SystemModstamp = ${at} AND Id > ${quote(c.afterId)}))`;
}

/**
 * The distinct values in groups, so that `head` + `IN (group)` + `tail` stays within `max`
 * characters for each. Empty when there are no values.
 */
export function inGroups(head: string, values: readonly string[], tail = '', max = SOQL_MAX_CHARS): string[][] {
  const fixed = head.length + ' IN ()'.length + tail.length;
  const out: string[][] = [];
  let group: string[] = [];
  let length = fixed;
  for (const value of new Set(values)) {
    const literal = quote(value);
    if (fixed + literal.length > max) throw new RangeError(`a value is too long for a SOQL statement: ${literal.slice(0, 40)}...`);
    if (length + literal.length + (group.length ? 1 : 0) > max) {
      out.push(group);
      group = [];
      length = fixed;
    }
    length += literal.length + (group.length ? 1 : 0);
    group.push(value);
  }
  if (group.length) out.push(group);
  return out;
}

/** `head` + `IN (values)` + `tail`. */
export const inStatement = (head: string, values: readonly string[], tail = '') => `${head} IN (${values.map(quote).join(',')})${tail}`;

/**
 * `head` + `IN (values)` + `tail` statements, as many as it takes so each stays within `max`
 * characters. Empty when there are no values.
 */
export function inStatements(head: string, values: readonly string[], tail = '', max = SOQL_MAX_CHARS): string[] {
  return inGroups(head, values, tail, max).map((group) => inStatement(head, group, tail));
}
