// The history an activity type holds within the policy's windows, read for the whole portal
// through CRM search instead of company by company: the search finds only the records of the
// window (its cost follows the window, not the portal's history). The hits are resolved to their
// companies with association reads of 1,000 record ids (searchByCompany), or handed on as found
// (searchRecords) for the run's batches to resolve from their companies' side (history-shared.ts).
// What each type's search asks for:
//   meetings, calls  hs_timestamp in (asOf - engagement days, asOf];
//   tickets          hs_createdate in (asOf - ticket days, asOf], or hs_pipeline_stage one of the
//                    open stages of the ticket pipelines (open now, whatever their age);
//   deals            every deal (DOMAIN.md section 9 reads all of an account's deals), in id
//                    order (search-by-id.ts): no window to key on, and ids never tie the way
//                    creation times can (a portal's imported deals may share one to the millisecond).
import { DAY_MS } from '../../model/index.ts';
import type { HistoryWindows } from '../history-window.ts';
import type { HubSpotApi } from './api.ts';
import { ASSOCIATION_BATCH_SIZE, associatedIds } from './associations.ts';
import type { HistoryObject } from './checkpoint.ts';
import { chunks } from './hs-values.ts';
import type { StageStates } from './pipelines.ts';
import type { HsObject } from './schemas/objects.ts';
import { searchAscending, type SearchFilter } from './search.ts';
import { OBJECT_ID, searchById } from './search-by-id.ts';

/** Filter groups a search takes (HubSpot documents 5; the 2026-09 spec says up to 6) and values an IN filter takes. */
const MAX_GROUPS = 5;
export const MAX_IN_VALUES = 100;

export interface TypeSearch {
  sortBy: string;
  groups: SearchFilter[][];
}

/** The search of one type's window, or null when it cannot be put in one query (more open ticket stages than its filter groups hold). */
export function typeSearch(type: HistoryObject, asOf: number, windows: HistoryWindows, stages: StageStates): TypeSearch | null {
  const between = (property: string, days: number): SearchFilter[] => [
    { propertyName: property, operator: 'GT', value: String(asOf - days * DAY_MS) },
    { propertyName: property, operator: 'LTE', value: String(asOf) },
  ];
  switch (type) {
    case 'meetings':
    case 'calls':
      return { sortBy: 'hs_timestamp', groups: [between('hs_timestamp', windows.engagementDays)] };
    case 'tickets': {
      const open = [...stages.ticketClosed].filter(([, closed]) => !closed).map(([id]) => id);
      const groups = [between('hs_createdate', windows.ticketDays), ...chunks(open, MAX_IN_VALUES).map((values): SearchFilter[] => [{ propertyName: 'hs_pipeline_stage', operator: 'IN', values }])];
      return groups.length <= MAX_GROUPS ? { sortBy: 'hs_createdate', groups } : null;
    }
    case 'deals':
      return { sortBy: OBJECT_ID, groups: [] };
  }
}

/** How many records a search matches: one search call of one result, its answer's `total`. */
export async function countMatches(api: HubSpotApi, objectType: string, search: TypeSearch): Promise<number> {
  for await (const page of searchAscending(api, { objectType, ...search, start: null, properties: [], limit: 1 })) return page.total;
  return 0;
}

/**
 * Every record the search finds, handed on by the companies it is associated with (company id ->
 * records), an association read's worth (up to 1,000 records) at a time: a portal's window is
 * never held whole.
 */
export async function searchByCompany(api: HubSpotApi, type: HistoryObject, search: TypeSearch, properties: readonly string[], found: (byCompany: Map<string, HsObject[]>) => Promise<void>): Promise<void> {
  // Association reads take 1,000 ids: resolve full reads only, the rest waits for the next page (a
  // page that re-reads the record at its start value holds 199 new ones, and 1,194 pending
  // resolved at once took two reads).
  await searchRecords(api, type, search, properties, ASSOCIATION_BATCH_SIZE, async (records) => {
    const links = await associatedIds(api, type, 'companies', records.map((r) => r.id));
    const out = new Map<string, HsObject[]>();
    for (const r of records) {
      for (const companyId of links.get(r.id) ?? []) {
        const list = out.get(companyId) ?? [];
        list.push(r);
        out.set(companyId, list);
      }
    }
    if (out.size > 0) await found(out);
  });
}

/** Every record the search finds, handed on `size` at a time (the last hand-on holds the rest). */
export async function searchRecords(api: HubSpotApi, type: HistoryObject, search: TypeSearch, properties: readonly string[], size: number, found: (records: HsObject[]) => Promise<void>): Promise<void> {
  const pending: HsObject[] = [];
  const pages = search.sortBy === OBJECT_ID && search.groups.length === 0 ? searchById(api, type, properties, null) : searchAscending(api, { objectType: type, ...search, start: null, properties });
  for await (const page of pages) {
    pending.push(...page.records);
    while (pending.length >= size) await found(pending.splice(0, size));
  }
  if (pending.length > 0) await found(pending);
}
