// CRM search (POST /crm/objects/{version}/{type}/search) with HubSpot's rules: at most 200 results a
// page, no paging past the 10,000th result of a query (a 400), at most 5 filter groups of at
// most 6 filters (18 in all), 100 values an IN filter, filters and sorts only on properties
// that exist. A query's first page finds its matches and picks the page's first ones without
// sorting them all (a read keyed on the last value read makes every page a first page); later
// pages sort that list once and read it, so paging through a large result does not scan every
// record again for each page.
import type { SandboxAnswer, SandboxRequest } from '../model.ts';
import type { Route } from '../router.ts';
import { badBody, invalid, notFound } from './errors.ts';
import { comparable, firstHits, hitOrder, matcher, type Keyed } from './filters.ts';
import { present } from './present.ts';
import { SearchSchema, type Search } from './requests.ts';
import { isObjectType, type Obj, type PortalState } from './state.ts';
import { dated } from './versions.ts';

export const SEARCH_PAGE_LIMIT = 200;
export const SEARCH_RESULT_CAP = 10_000;
const MAX_GROUPS = 5;
const MAX_FILTERS_A_GROUP = 6;
const MAX_FILTERS = 18;
const MAX_IN_VALUES = 100;

function problem(s: Search, known: ReadonlySet<string>): string | null {
  const groups = s.filterGroups ?? [];
  if ((s.limit ?? 10) > SEARCH_PAGE_LIMIT) return `limit must be at most ${SEARCH_PAGE_LIMIT}, got ${s.limit}`;
  if (groups.length > MAX_GROUPS) return `at most ${MAX_GROUPS} filterGroups are allowed, got ${groups.length}`;
  if (groups.some((g) => g.filters.length > MAX_FILTERS_A_GROUP)) return `at most ${MAX_FILTERS_A_GROUP} filters are allowed in a filterGroup`;
  if (groups.reduce((n, g) => n + g.filters.length, 0) > MAX_FILTERS) return `at most ${MAX_FILTERS} filters are allowed in all`;
  for (const f of groups.flatMap((g) => g.filters)) {
    if (!known.has(f.propertyName)) return `There was a problem with the request: Property "${f.propertyName}" does not exist`;
    if ((f.values?.length ?? 0) > MAX_IN_VALUES) return `at most ${MAX_IN_VALUES} values are allowed in an ${f.operator} filter`;
  }
  const sort = s.sorts?.[0];
  const sortName = typeof sort === 'string' ? sort.replace(/^-/, '') : sort?.propertyName;
  if (sortName && !known.has(sortName)) return `There was a problem with the request: cannot sort on "${sortName}", which does not exist`;
  return null;
}

interface QueryHits {
  keyed: Keyed[];
  sorted: boolean;
  order: (a: Keyed, b: Keyed) => number;
}

/** A page past the first, from the hits the query's first page found (sorted the first time one asks). */
function pageOf(q: QueryHits, after: number, limit: number): { total: number; page: Obj[] } {
  if (!q.sorted) q.keyed.sort(q.order);
  q.sorted = true;
  return { total: q.keyed.length, page: q.keyed.slice(after, after + limit).map((h) => h.o) };
}

export function searchRoutes(state: PortalState): Route[] {
  const cache = new Map<string, QueryHits>();

  function hitsOf(type: string, s: Search, after: number, limit: number): { total: number; page: Obj[] } {
    const key = `${type}\u0000${JSON.stringify([s.filterGroups ?? [], s.sorts ?? [], s.query ?? ''])}`;
    const known = cache.get(key);
    if (known && after > 0) return pageOf(known, after, limit);
    const props = new Map((state.properties[type] ?? []).map((p) => [p.name, p]));
    const groups = s.filterGroups ?? [];
    const q = s.query?.toLowerCase();
    const sort = s.sorts?.[0];
    const name = typeof sort === 'string' ? sort.replace(/^-/, '') : (sort?.propertyName ?? null);
    const descending = name !== null && (typeof sort === 'string' ? sort.startsWith('-') : sort?.direction === 'DESCENDING');
    // Each property a filter or the sort reads is read once a record.
    const read = [...new Set([...groups.flatMap((g) => g.filters.map((f) => f.propertyName)), ...(name ? [name] : [])])];
    const tests = groups.map((g) => g.filters.map((f) => ({ at: read.indexOf(f.propertyName), test: matcher(f, props.get(f.propertyName)) })));
    const sortAt = name ? read.indexOf(name) : -1;
    const keyed: Keyed[] = [];
    for (const o of state.objects.get(type)!.values()) {
      const values = read.map((n) => comparable(props.get(n), o.properties[n]));
      if (tests.length > 0 && !tests.some((g) => g.every((f) => f.test(values[f.at]!)))) continue;
      if (q && !Object.values(o.properties).some((v) => v?.toLowerCase().includes(q))) continue;
      keyed.push({ o, k: sortAt >= 0 ? values[sortAt]! : Number(o.id) || o.id });
    }
    const query: QueryHits = { keyed, sorted: false, order: hitOrder(descending) };
    if (cache.size > 200) cache.clear();
    cache.set(key, query);
    return after === 0 ? { total: query.keyed.length, page: firstHits(query.keyed, limit, query.order) } : pageOf(query, after, limit);
  }

  function search(m: RegExpMatchArray, req: SandboxRequest): SandboxAnswer {
    const type = m[2]!;
    if (!isObjectType(type)) return notFound(`Unable to infer object type from: ${type}`);
    const parsed = SearchSchema.safeParse(req.body);
    if (!parsed.success) return badBody(parsed.error);
    const s = parsed.data;
    const refused = problem(s, new Set((state.properties[type] ?? []).map((p) => p.name)));
    if (refused) return invalid(refused);
    const limit = s.limit ?? 10;
    const after = Number(s.after ?? 0);
    if (!Number.isInteger(after) || after < 0) return invalid(`after must be a paging token from a previous answer, got ${s.after}`);
    if (after + limit > SEARCH_RESULT_CAP) return invalid(`The search endpoints are limited to ${SEARCH_RESULT_CAP.toLocaleString('en')} total results for any given query: paging past it is not allowed (after ${after}, limit ${limit})`);
    const hits = hitsOf(type, s, after, limit);
    const page = hits.page.map((o) => present(o, s.properties ?? []));
    // Past the cap HubSpot still names the next page; asking for it is the 400 above.
    const next = after + limit < hits.total ? { paging: { next: { after: String(after + limit) } } } : {};
    return { status: 200, body: { total: hits.total, results: page, ...next } };
  }

  return [{ method: 'POST', path: dated('objects', '/(\\w+)/search'), handle: search }];
}
