// Reads through CRM search, oldest first by one date property, 200 a page. A search query cannot
// page past 10,000 results, so before a window reaches that cap the query restarts from the last
// value of the sort property seen, skipping the ids already read at that exact value
// (`searchAscending`). Incremental reads (`searchChanged`) search records modified since a
// cursor; the cursor handed out stays a settle period behind "now": search is eventually
// consistent, and a record indexed late must still fall inside the next run's window. History
// reads search activities within the policy's windows (history-search.ts).
import { ConnectionError } from '../../model/index.ts';
import type { HubSpotApi } from './api.ts';
import type { SearchCursor } from './checkpoint.ts';
import { hsTime } from './hs-values.ts';
import { SearchPageSchema, type HsObject } from './schemas/objects.ts';
import { LAST_MODIFIED } from './standard-mapping.ts';

export const SEARCH_PAGE_SIZE = 200;
export const SEARCH_RESULT_CAP = 10_000;
/** How far behind "now" a handed-out cursor stays. */
export const SEARCH_SETTLE_MS = 2 * 60_000;

export interface ChangedPage {
  records: HsObject[];
  /** Where to resume once these records are saved. */
  cursor: SearchCursor;
}

/** A search filter (PublicObjectSearchRequest's Filter). */
export interface SearchFilter {
  propertyName: string;
  operator: 'EQ' | 'NEQ' | 'GT' | 'GTE' | 'LT' | 'LTE' | 'IN' | 'NOT_HAS_PROPERTY';
  value?: string;
  values?: string[];
}

export interface SearchAscendingOptions {
  objectType: string;
  /** The date property the results are sorted and windowed on. */
  sortBy: string;
  /** Filter groups (ORed; each one's filters ANDed); none: every record of the type. */
  groups: readonly (readonly SearchFilter[])[];
  /** Resume point: records sorted before `since` are skipped, and those at `since` in `seen`; null: from the first. */
  start: SearchCursor | null;
  properties: readonly string[];
  /** Records per page. Default 200, the cap. */
  limit?: number;
}

export interface AscendingPage {
  records: HsObject[];
  /** The matches HubSpot counted for the first query (the whole search when it fits one window). */
  total: number;
  /** Everything up to the last record of this page is read. */
  position: SearchCursor;
}

/** The search's pages, restarting a window before the 10,000-result cap; stops at the last page. */
export async function* searchAscending(api: HubSpotApi, o: SearchAscendingOptions): AsyncGenerator<AscendingPage> {
  const properties = [...new Set([...o.properties, o.sortBy])];
  let windowStart = o.start?.since ?? null;
  let skip = new Set(o.start?.seen ?? []);
  let lastTs = windowStart ?? Number.NEGATIVE_INFINITY;
  let atLastTs = new Set(skip);
  let after: string | undefined;
  let inWindow = 0;
  let total: number | null = null;
  const limit = o.limit ?? SEARCH_PAGE_SIZE;
  for (;;) {
    const from = windowStart === null ? [] : [{ propertyName: o.sortBy, operator: 'GTE' as const, value: String(windowStart) }];
    const groups = o.groups.length === 0 ? [from] : o.groups.map((g) => [...g, ...from]);
    // https://developers.hubspot.com/docs/guides/api/crm/search
    // POST /crm/objects/{version}/{objectType}/search (PublicApiSpecs/CRM/Calls/Rollouts/424/
    // 2026-09/calls.json and the other objects' specs, PublicObjectSearchRequest: filterGroups of
    // filters {propertyName, operator (EQ, GT, GTE, LT, LTE, IN, ...), value | values}, sorts,
    // properties, limit up to 200, after). The spec types `sorts` as strings, but the API takes
    // {propertyName, direction} objects (the documented form; hubspot-api-nodejs#9).
    const page = await api.call(
      {
        method: 'POST',
        path: `/crm/objects/${api.version}/${o.objectType}/search`,
        bucket: 'search',
        json: {
          filterGroups: groups.filter((g) => g.length > 0).map((filters) => ({ filters })),
          sorts: [{ propertyName: o.sortBy, direction: 'ASCENDING' }],
          properties,
          limit,
          ...(after ? { after } : {}),
        },
      },
      SearchPageSchema,
    );
    total ??= page.total ?? page.results.length;
    inWindow += page.results.length;
    const records: HsObject[] = [];
    for (const r of page.results) {
      const ts = hsTime(r.properties?.[o.sortBy]) ?? windowStart ?? lastTs;
      if (ts === windowStart && skip.has(r.id)) continue;
      if (ts > lastTs) {
        lastTs = ts;
        atLastTs = new Set();
      }
      if (ts === lastTs) atLastTs.add(r.id);
      records.push(r);
    }
    yield { records, total, position: { since: Math.max(0, lastTs), seen: [...atLastTs] } };

    const next = page.paging?.next?.after;
    if (!next || page.results.length === 0) return;
    if (inWindow + limit <= SEARCH_RESULT_CAP) {
      after = next;
      continue;
    }
    if (lastTs === windowStart || !Number.isFinite(lastTs)) {
      throw new ConnectionError(
        'HUBSPOT_SEARCH_STUCK',
        `more than ${SEARCH_RESULT_CAP} ${o.objectType} share the ${o.sortBy} ${Number.isFinite(lastTs) ? new Date(lastTs).toISOString() : '(empty)'}, and HubSpot search cannot page past ${SEARCH_RESULT_CAP} results; a full load (reset the connection's checkpoint) reads companies in id order instead`,
      );
    }
    windowStart = lastTs;
    skip = new Set(atLastTs);
    after = undefined;
    inWindow = 0;
  }
}

export interface SearchChangedOptions {
  objectType: string;
  start: SearchCursor;
  /** Properties to return (hs_lastmodifieddate is always added). */
  properties: readonly string[];
  /** Filter groups (ORed) the search is narrowed to; none: every record modified since the cursor. */
  groups?: readonly (readonly SearchFilter[])[];
  now: number;
}

export async function* searchChanged(api: HubSpotApi, o: SearchChangedOptions): AsyncGenerator<ChangedPage> {
  const settled = o.now - SEARCH_SETTLE_MS;
  const pages = searchAscending(api, { objectType: o.objectType, sortBy: LAST_MODIFIED, groups: o.groups ?? [], start: o.start, properties: o.properties });
  for await (const { records, position } of pages) {
    const cursor = position.since < settled ? position : { since: Math.max(o.start.since, settled), seen: [] };
    yield { records, cursor };
  }
}
