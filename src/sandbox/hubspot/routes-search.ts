// CRM search (POST /crm/objects/{version}/{type}/search) with HubSpot's rules: at most 200 results a
// page, no paging past the 10,000th result of a query (a 400), at most 5 filter groups of at
// most 6 filters (18 in all), 100 values an IN filter, filters and sorts only on properties
// that exist. A query's matches are found and sorted once and kept until a record changes
// (the portal's revision), so paging through a large result does not scan every record again for
// each page: by offset, or keyed on the sort value (the same query with `GTE <last value>` on the
// property it sorts by, ascending), whose page starts where that value does in the kept list, as
// a search index would. A search through associations filters on the pseudo-property
// `associations.<object>` (singular: `associations.company`), EQ one record id or IN up to 100 of
// them; when every filter group has one, only those records' associated records are looked at.
import type { SandboxAnswer, SandboxRequest } from '../model.ts';
import type { Route } from '../router.ts';
import { badBody, invalid, notFound } from './errors.ts';
import { comparable, firstAtOrAfter, hitOrder, matcher, type Comparable, type Keyed } from './filters.ts';
import { present } from './present.ts';
import { SearchSchema, type Filter, type Search } from './requests.ts';
import { isObjectType, type Obj, type ObjectType, type PortalState } from './state.ts';
import { dated } from './versions.ts';

export const SEARCH_PAGE_LIMIT = 200;
export const SEARCH_RESULT_CAP = 10_000;
const MAX_GROUPS = 5;
const MAX_FILTERS_A_GROUP = 6;
const MAX_FILTERS = 18;
const MAX_IN_VALUES = 100;
/** `associations.<singular>` -> the object type it searches through. */
const THROUGH: Readonly<Record<string, ObjectType>> = { 'associations.company': 'companies', 'associations.contact': 'contacts', 'associations.deal': 'deals', 'associations.ticket': 'tickets' };
const THROUGH_OPERATORS = new Set(['EQ', 'IN']);

function problem(s: Search, known: ReadonlySet<string>): string | null {
  const groups = s.filterGroups ?? [];
  if ((s.limit ?? 10) > SEARCH_PAGE_LIMIT) return `limit must be at most ${SEARCH_PAGE_LIMIT}, got ${s.limit}`;
  if (groups.length > MAX_GROUPS) return `at most ${MAX_GROUPS} filterGroups are allowed, got ${groups.length}`;
  if (groups.some((g) => g.filters.length > MAX_FILTERS_A_GROUP)) return `at most ${MAX_FILTERS_A_GROUP} filters are allowed in a filterGroup`;
  if (groups.reduce((n, g) => n + g.filters.length, 0) > MAX_FILTERS) return `at most ${MAX_FILTERS} filters are allowed in all`;
  for (const f of groups.flatMap((g) => g.filters)) {
    if (THROUGH[f.propertyName] && !THROUGH_OPERATORS.has(f.operator)) return `There was a problem with the request: ${f.propertyName} takes the EQ and IN operators, got ${f.operator}`;
    if (!known.has(f.propertyName) && !THROUGH[f.propertyName]) return `There was a problem with the request: Property "${f.propertyName}" does not exist`;
    if ((f.values?.length ?? 0) > MAX_IN_VALUES) return `at most ${MAX_IN_VALUES} values are allowed in an ${f.operator} filter`;
  }
  const sort = s.sorts?.[0];
  const sortName = typeof sort === 'string' ? sort.replace(/^-/, '') : sort?.propertyName;
  if (sortName && !known.has(sortName)) return `There was a problem with the request: cannot sort on "${sortName}", which does not exist`;
  return null;
}

const throughIds = (f: Filter): readonly string[] => (f.operator === 'IN' ? (f.values ?? []) : [f.value ?? '']);

export function searchRoutes(state: PortalState): Route[] {
  const cache = new Map<string, Keyed[]>();

  /** The query's matches in order: `sorted` from `start` on. */
  function hitsOf(type: string, s: Search): { sorted: Keyed[]; start: number } {
    const props = new Map((state.properties[type] ?? []).map((p) => [p.name, p]));
    const sort = s.sorts?.[0];
    const name = typeof sort === 'string' ? sort.replace(/^-/, '') : (sort?.propertyName ?? null);
    const descending = name !== null && (typeof sort === 'string' ? sort.startsWith('-') : sort?.direction === 'DESCENDING');
    // Keyed on the sort value: every group's GTE on the property sorted by, one value.
    const groups = s.filterGroups ?? [];
    const isKey = (f: { propertyName: string; operator: string }) => f.propertyName === name && f.operator === 'GTE';
    const keyed = name && !descending ? groups.map((g) => g.filters.filter(isKey)) : [];
    const from = keyed.length > 0 && keyed.every((k) => k.length === 1 && k[0]!.value === keyed[0]![0]!.value) ? keyed[0]![0]!.value : null;
    const base = from === null ? groups : groups.map((g) => ({ ...g, filters: g.filters.filter((f) => !isKey(f)) }));
    const key = `${state.revision}\u0000${type}\u0000${JSON.stringify([base, s.sorts ?? [], s.query ?? ''])}`;
    let sorted = cache.get(key);
    if (!sorted) {
      const q = s.query?.toLowerCase();
      // Each property a filter or the sort reads is read once a record, each filter's own values once.
      const read = [...new Set([...base.flatMap((g) => g.filters.filter((f) => !THROUGH[f.propertyName]).map((f) => f.propertyName)), ...(name ? [name] : [])])];
      const tests = base.map((g) =>
        g.filters.map((f): ((values: Comparable[], o: Obj) => boolean) => {
          const through = THROUGH[f.propertyName];
          if (through) {
            const ids = new Set(throughIds(f));
            return (_, o) => state.associations.get(type, o.id, through).some((id) => ids.has(id));
          }
          const at = read.indexOf(f.propertyName);
          const test = matcher(f, props.get(f.propertyName));
          return (values) => test(values[at]!);
        }),
      );
      const sortAt = name ? read.indexOf(name) : -1;
      sorted = [];
      for (const o of candidates(type, base)) {
        const values = read.map((n) => comparable(props.get(n), o.properties[n]));
        // A group left without filters matches every record, as it did with its GTE alone.
        if (tests.length > 0 && !tests.some((g) => g.every((test) => test(values, o)))) continue;
        if (q && !Object.values(o.properties).some((v) => v?.toLowerCase().includes(q))) continue;
        sorted.push({ o, k: sortAt >= 0 ? values[sortAt]! : Number(o.id) || o.id });
      }
      sorted.sort(hitOrder(descending));
      if (cache.size > 200) cache.clear();
      cache.set(key, sorted);
    }
    return { sorted, start: from === null ? 0 : firstAtOrAfter(sorted, from, props.get(name!)) };
  }

  /**
   * The records a query can match: when every filter group searches through associations, only
   * the records associated with the ids it names (an index lookup), else every record of the type.
   */
  function candidates(type: string, groups: NonNullable<Search['filterGroups']>): Iterable<Obj> {
    const all = state.objects.get(type)!;
    const named = groups.flatMap((g) => g.filters.find((f) => THROUGH[f.propertyName]) ?? []);
    if (named.length === 0 || named.length < groups.length) return all.values();
    const ids = new Set<string>();
    for (const f of named) {
      for (const from of throughIds(f)) for (const id of state.associations.get(THROUGH[f.propertyName]!, from, type)) ids.add(id);
    }
    return [...ids].flatMap((id) => all.get(id) ?? []);
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
    const { sorted, start } = hitsOf(type, s);
    const total = sorted.length - start;
    const page = sorted.slice(start + after, start + after + limit).map((h) => present(h.o, s.properties ?? []));
    // Past the cap HubSpot still names the next page; asking for it is the 400 above.
    const next = after + limit < total ? { paging: { next: { after: String(after + limit) } } } : {};
    return { status: 200, body: { total, results: page, ...next } };
  }

  return [{ method: 'POST', path: dated('objects', '/(\\w+)/search'), handle: search }];
}
