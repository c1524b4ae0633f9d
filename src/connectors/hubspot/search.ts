// Reads through CRM search, oldest first by one date property, 200 a page, each page keyed on the
// last value read (`searchAscending`), which also keeps every query far from search's
// 10,000-result cap. Incremental reads (`searchChanged`) search records modified since a
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

/**
 * The search's pages, each a query of its own keyed on the sort value read last: the records at
 * or after it, minus the ids already read at it. Search's `after` is an offset into one query's
 * results, and the sort values here move (a company modified, a meeting rescheduled while the
 * read runs): a record that left the early pages would push an unread one behind the offset. Keyed
 * on the value, nothing is skipped, and no query nears the 10,000-result cap. A page re-reads the
 * few records that share the last value read; only when more of them than a page holds share it
 * (a bulk import) does the read page through them by offset.
 */
export async function* searchAscending(api: HubSpotApi, o: SearchAscendingOptions): AsyncGenerator<AscendingPage> {
  const properties = [...new Set([...o.properties, o.sortBy])];
  let lastTs = o.start?.since ?? Number.NEGATIVE_INFINITY;
  let atLastTs = new Set(o.start?.seen ?? []);
  // Past how many results at `lastTs` the next query starts: 0 but while paging through a tie.
  let tieOffset = 0;
  let total: number | null = null;
  const limit = o.limit ?? SEARCH_PAGE_SIZE;
  for (;;) {
    const from = Number.isFinite(lastTs) ? [{ propertyName: o.sortBy, operator: 'GTE' as const, value: String(lastTs) }] : [];
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
          ...(tieOffset > 0 ? { after: String(tieOffset) } : {}),
        },
      },
      SearchPageSchema,
    );
    total ??= page.total ?? page.results.length;
    const before = lastTs;
    const records: HsObject[] = [];
    for (const r of page.results) {
      const ts = hsTime(r.properties?.[o.sortBy]) ?? lastTs;
      if (ts <= lastTs && atLastTs.has(r.id)) continue;
      if (ts > lastTs) {
        lastTs = ts;
        atLastTs = new Set();
      }
      atLastTs.add(r.id);
      records.push(r);
    }
    yield { records, total, position: { since: Math.max(0, lastTs), seen: [...atLastTs] } };

    if (page.results.length < limit || !page.paging?.next?.after) return;
    if (lastTs > before) {
      tieOffset = 0;
      continue;
    }
    // A whole page at the value already read (more records share it than a page holds): page
    // through them by offset.
    const at = Number.isFinite(lastTs) ? new Date(lastTs).toISOString() : '(empty)';
    if (atLastTs.size === tieOffset) throw new ConnectionError('HUBSPOT_SEARCH_STUCK', `HubSpot search returned only ${o.objectType} already read at ${o.sortBy} ${at}; the next run reads again from there`);
    tieOffset = atLastTs.size;
    if (tieOffset + limit > SEARCH_RESULT_CAP) {
      throw new ConnectionError(
        'HUBSPOT_SEARCH_STUCK',
        `more than ${SEARCH_RESULT_CAP} ${o.objectType} share the ${o.sortBy} ${at}, and HubSpot search cannot page past ${SEARCH_RESULT_CAP} results; a full load (reset the connection's checkpoint) reads companies in id order instead`,
      );
    }
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
