// Incremental reads through CRM search: records modified since a cursor, oldest first, 200 a
// page. A search query cannot page past 10,000 results, so before a window reaches that cap the
// query restarts from the last modification time seen, skipping the ids already read at that
// exact time. The cursor handed out stays a settle period behind "now": search is eventually
// consistent, and a record indexed late must still fall inside the next run's window.
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

export interface SearchChangedOptions {
  objectType: string;
  start: SearchCursor;
  /** Properties to return (hs_lastmodifieddate is always added). */
  properties: readonly string[];
  now: number;
}

export async function* searchChanged(api: HubSpotApi, o: SearchChangedOptions): AsyncGenerator<ChangedPage> {
  const properties = [...new Set([...o.properties, LAST_MODIFIED])];
  const settled = o.now - SEARCH_SETTLE_MS;
  let windowStart = o.start.since;
  let skip = new Set(o.start.seen);
  let lastTs = o.start.since;
  let atLastTs = new Set(o.start.seen);
  let after: string | undefined;
  let inWindow = 0;
  for (;;) {
    // https://developers.hubspot.com/docs/guides/api/crm/search
    // POST /crm/objects/{version}/{objectType}/search (PublicApiSpecs/CRM/Companies/Rollouts/424/
    // 2026-09/companies.json, PublicObjectSearchRequest). The spec types `sorts` as strings, but the API
    // takes {propertyName, direction} objects (the documented form; hubspot-api-nodejs#9).
    const page = await api.call(
      {
        method: 'POST',
        path: `/crm/objects/${api.version}/${o.objectType}/search`,
        bucket: 'search',
        json: {
          filterGroups: [{ filters: [{ propertyName: LAST_MODIFIED, operator: 'GTE', value: String(windowStart) }] }],
          sorts: [{ propertyName: LAST_MODIFIED, direction: 'ASCENDING' }],
          properties,
          limit: SEARCH_PAGE_SIZE,
          ...(after ? { after } : {}),
        },
      },
      SearchPageSchema,
    );
    inWindow += page.results.length;
    const records: HsObject[] = [];
    for (const r of page.results) {
      const ts = hsTime(r.properties?.[LAST_MODIFIED]) ?? windowStart;
      if (ts === windowStart && skip.has(r.id)) continue;
      if (ts > lastTs) {
        lastTs = ts;
        atLastTs = new Set();
      }
      if (ts === lastTs) atLastTs.add(r.id);
      records.push(r);
    }
    const handedOut = lastTs < settled ? { since: lastTs, seen: [...atLastTs] } : { since: Math.max(o.start.since, settled), seen: [] };
    yield { records, cursor: handedOut };

    const next = page.paging?.next?.after;
    if (!next || page.results.length === 0) return;
    if (inWindow + SEARCH_PAGE_SIZE <= SEARCH_RESULT_CAP) {
      after = next;
      continue;
    }
    if (lastTs === windowStart) {
      throw new ConnectionError(
        'HUBSPOT_SEARCH_STUCK',
        `more than ${SEARCH_RESULT_CAP} ${o.objectType} share the modification time ${new Date(lastTs).toISOString()}, and HubSpot search cannot page past ${SEARCH_RESULT_CAP} results; run a full load (reset the connection's checkpoint) to read them through the list endpoint`,
      );
    }
    windowStart = lastTs;
    skip = new Set(atLastTs);
    after = undefined;
    inWindow = 0;
  }
}
