// CRM search (POST /crm/objects/{version}/{type}/search) with HubSpot's rules: at most 200 results a
// page, no paging past the 10,000th result of a query (a 400), at most 5 filter groups of at
// most 6 filters (18 in all), 100 values an IN filter, filters and sorts only on properties
// that exist. A query's first page finds and sorts its matches; later pages read that list, so
// paging through a large result does not scan every record again for each page.
import type { SandboxAnswer, SandboxRequest } from '../model.ts';
import type { Route } from '../router.ts';
import { badBody, invalid, notFound } from './errors.ts';
import { matches, sortHits } from './filters.ts';
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

export function searchRoutes(state: PortalState): Route[] {
  const cache = new Map<string, Obj[]>();

  function hitsOf(type: string, s: Search, firstPage: boolean): Obj[] {
    const key = `${type}\u0000${JSON.stringify([s.filterGroups ?? [], s.sorts ?? [], s.query ?? ''])}`;
    const known = cache.get(key);
    if (known && !firstPage) return known;
    const props = new Map((state.properties[type] ?? []).map((p) => [p.name, p]));
    const groups = s.filterGroups ?? [];
    const q = s.query?.toLowerCase();
    const hits = [...state.objects.get(type)!.values()].filter(
      (o) =>
        (groups.length === 0 || groups.some((g) => g.filters.every((f) => matches(o, f, props.get(f.propertyName))))) &&
        (!q || Object.values(o.properties).some((v) => v?.toLowerCase().includes(q))),
    );
    const sort = s.sorts?.[0];
    const name = typeof sort === 'string' ? sort.replace(/^-/, '') : (sort?.propertyName ?? null);
    const descending = typeof sort === 'string' ? sort.startsWith('-') : sort?.direction === 'DESCENDING';
    const sorted = sortHits(hits, name, descending, name ? props.get(name) : undefined);
    if (cache.size > 200) cache.clear();
    cache.set(key, sorted);
    return sorted;
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
    const hits = hitsOf(type, s, after === 0);
    const page = hits.slice(after, after + limit).map((o) => present(o, s.properties ?? []));
    // Past the cap HubSpot still names the next page; asking for it is the 400 above.
    const next = after + limit < hits.length ? { paging: { next: { after: String(after + limit) } } } : {};
    return { status: 200, body: { total: hits.length, results: page, ...next } };
  }

  return [{ method: 'POST', path: dated('objects', '/(\\w+)/search'), handle: search }];
}
