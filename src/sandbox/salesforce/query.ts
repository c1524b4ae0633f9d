// SOQL over the sandbox org's tables, as the query resources answer it: pages of 200..2,000
// records (Sforce-Query-Options batchSize, default 2,000) with a nextRecordsUrl for the rest,
// queryAll seeing deleted rows, statements up to 100,000 characters, INVALID_TYPE or
// INVALID_FIELD for an object or field the org does not have (or hides from the user), a Text
// Area in WHERE refused, and, in a large org, a non-selective query on Task or Event timing out.
import type { SandboxAnswer } from '../model.ts';
import { sfError } from './errors.ts';
import { MalformedQuery, parseSoql, sortRows, type Row, type Soql } from './soql.ts';
import type { OrgState } from './state.ts';

export const V = '/services/data/v62.0';
export const SOQL_MAX_CHARS = 100_000;
const PAGE_MAX = 2_000;

/** The statement, checked against the org's schema, or the error Salesforce would answer. */
export function readSoql(state: OrgState, soql: string): Soql | SandboxAnswer {
  if (soql.length > SOQL_MAX_CHARS) return sfError(400, 'MALFORMED_QUERY', `SOQL statements cannot be longer than ${SOQL_MAX_CHARS.toLocaleString('en')} characters`);
  let q: Soql;
  try {
    q = parseSoql(soql);
  } catch (error) {
    if (error instanceof MalformedQuery) return sfError(400, 'MALFORMED_QUERY', error.message);
    throw error;
  }
  const fields = state.schema.get(q.object);
  if (!fields) return sfError(400, 'INVALID_TYPE', `sObject type '${q.object}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.`);
  const unknown = [...q.fields, ...q.whereFields, ...q.orderBy].find((f) => !fields.has(f));
  if (unknown) return sfError(400, 'INVALID_FIELD', `No such column '${unknown}' on entity '${q.object}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`);
  const unfilterable = [...q.whereFields, ...q.orderBy].find((f) => fields.get(f)!.type === 'textarea');
  if (unfilterable) return sfError(400, 'INVALID_FIELD', q.whereFields.includes(unfilterable) ? `field '${unfilterable}' can not be filtered in query call` : `field '${unfilterable}' can not be sorted in a query call`);
  return q;
}

/** Objects a large org holds millions of rows of. */
const LARGE_OBJECTS = new Set(['Task', 'Event']);

/**
 * Whether the optimizer would find an index for the statement: a conjunct of its top-level AND on
 * a standard-indexed field (Id, a lookup, CreatedDate, SystemModstamp). Custom activity fields
 * have none (they cannot be External IDs). The 10 %-30 % selectivity thresholds are not worked
 * out: the lists crm-pulse filters by are a batch's records, far under them.
 */
export function usesIndex(state: OrgState, q: Soql): boolean {
  const fields = state.schema.get(q.object)!;
  return q.conjunctFields.some((name) => {
    const f = fields.get(name);
    return f !== undefined && (f.type === 'id' || f.type === 'reference' || name === 'CreatedDate' || name === 'SystemModstamp');
  });
}

/** A large org's answer to a query that would scan all of Task or Event, or null. */
export function nonSelective(state: OrgState, q: Soql, large: boolean): SandboxAnswer | null {
  if (!large || !LARGE_OBJECTS.has(q.object) || usesIndex(state, q)) return null;
  return sfError(400, 'QUERY_TIMEOUT', 'Your query request was running for too long.');
}

/** The rows a statement selects, found through an index when it filters on `field IN (...)`. */
export function matching(state: OrgState, q: Soql, all: boolean): Row[] {
  const candidates = q.keyIn ? state.lookup(q.object, q.keyIn.field, q.keyIn.values) : (state.tables.get(q.object) ?? []);
  return candidates.filter((r) => (all || !r.IsDeleted) && q.where(r));
}

export const isAnswer = (x: Soql | SandboxAnswer): x is SandboxAnswer => 'status' in x;

/** `large`: Task and Event hold millions of rows, so a query on them must use an index. */
export function queryRoute(state: OrgState, large = false) {
  const cursors = new Map<string, { rows: Row[]; q: Soql }>();
  let nextCursor = 1;

  const page = (rows: Row[], q: Soql, size: number, offset: number, cursor: string) => {
    const slice = rows.slice(offset, offset + size);
    state.returned.set(q.object, (state.returned.get(q.object) ?? 0) + slice.length);
    const records = slice.map((r) => ({ attributes: { type: q.object, url: `${V}/sobjects/${q.object}/${r.Id}` }, ...Object.fromEntries(q.fields.map((f) => [f, r[f] ?? null])) }));
    const done = offset + size >= rows.length;
    return { totalSize: rows.length, done, ...(done ? {} : { nextRecordsUrl: `${V}/query/${cursor}-${offset + size}` }), records };
  };

  /** GET /query, /queryAll or a nextRecordsUrl, as a route or a composite subrequest. */
  return function query(url: URL, options: string | undefined): SandboxAnswer {
    const size = Number(/batchSize=(\d+)/.exec(options ?? '')?.[1] ?? PAGE_MAX);
    if (!(size >= 200 && size <= PAGE_MAX)) return sfError(400, 'INVALID_QUERY_OPTIONS', `batchSize must be from 200 to ${PAGE_MAX}, got ${size}`);
    const more = /\/query\/(\w+)-(\d+)$/.exec(url.pathname);
    if (more) {
      const open = cursors.get(more[1]!);
      if (!open) return sfError(400, 'INVALID_QUERY_LOCATOR', 'invalid query locator');
      return { status: 200, body: page(open.rows, open.q, size, Number(more[2]), more[1]!) };
    }
    const q = readSoql(state, url.searchParams.get('q') ?? '');
    if (isAnswer(q)) return q;
    const slow = nonSelective(state, q, large);
    if (slow) return slow;
    const all = url.pathname.endsWith('/queryAll');
    const rows = sortRows(matching(state, q, all), q.orderBy);
    const cursor = `01gSB${String(nextCursor++).padStart(8, '0')}`;
    cursors.set(cursor, { rows, q });
    return { status: 200, body: page(rows, q, size, 0, cursor) };
  };
}
