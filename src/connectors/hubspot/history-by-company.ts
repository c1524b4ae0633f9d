// A few companies' history of one type, read company by company (the way a webhook or a steady
// cycle's edited companies are read; history.ts weighs it against searching the portal's window):
// - all: the companies' associations to the type (1,000 companies a call), then every associated
//   record, 100 a batch read. Its cost follows the companies' whole history.
// - within the window: the same associations, then a search through associations of the
//   window's records only (`associations.company IN` up to 100 companies, in every filter group
//   of the type's window search), 200 a page. Its cost follows the window, not the history: at
//   five years a company holds about 200 records, of which the 90-day window holds a dozen.
//   The association answers still list every record's id (ids only): they tell which company a
//   record found belongs to, which a search answer does not.
import type { HubSpotApi } from './api.ts';
import { ASSOCIATION_BATCH_SIZE, associatedIds } from './associations.ts';
import { BATCH_SIZE, batchRead } from './batch-read.ts';
import type { HistoryObject } from './checkpoint.ts';
import { MAX_IN_VALUES, searchRecords, type TypeSearch } from './history-search.ts';
import { chunks } from './hs-values.ts';
import type { HsObject } from './schemas/objects.ts';
import { SEARCH_PAGE_SIZE } from './search.ts';
import { HISTORY_PROPERTIES } from './to-activity.ts';

/** Calls to read `companies` companies' records of any age, `recordsPerCompany` each. */
export const allCalls = (companies: number, recordsPerCompany: number) => Math.ceil(companies / ASSOCIATION_BATCH_SIZE) + Math.ceil((companies * recordsPerCompany) / BATCH_SIZE);

/** Calls to read `companies` companies' records within the window, `inWindowPerCompany` each: at least a search of each 100. */
export const windowCalls = (companies: number, inWindowPerCompany: number) =>
  Math.ceil(companies / ASSOCIATION_BATCH_SIZE) + Math.ceil(companies / MAX_IN_VALUES) * Math.max(1, Math.ceil((MAX_IN_VALUES * inWindowPerCompany) / SEARCH_PAGE_SIZE));

/** Every record of the type the companies have (company id -> records). */
export async function companiesAll(api: HubSpotApi, type: HistoryObject, accountIds: readonly string[]): Promise<Map<string, HsObject[]>> {
  const links = await associatedIds(api, 'companies', type, accountIds);
  const records = await batchRead(api, type, [...links.values()].flat(), HISTORY_PROPERTIES[type]);
  return byCompany(links, new Map(records.map((r) => [r.id, r])));
}

/** The companies' records of the type within the window `search` describes (company id -> records). */
export async function companiesWithin(api: HubSpotApi, type: HistoryObject, search: TypeSearch, accountIds: readonly string[]): Promise<Map<string, HsObject[]>> {
  const links = await associatedIds(api, 'companies', type, accountIds);
  // A company without any record of the type has none in the window either.
  const holding = accountIds.filter((id) => links.has(id));
  const found = new Map<string, HsObject>();
  await Promise.all(
    chunks(holding, MAX_IN_VALUES).map((values) => {
      const through = { propertyName: 'associations.company', operator: 'IN' as const, values };
      const within: TypeSearch = { sortBy: search.sortBy, groups: search.groups.map((g) => [...g, through]) };
      return searchRecords(api, type, within, HISTORY_PROPERTIES[type], SEARCH_PAGE_SIZE, async (records) => {
        for (const r of records) found.set(r.id, r);
      });
    }),
  );
  return byCompany(links, found);
}

function byCompany(links: Map<string, string[]>, records: Map<string, HsObject>): Map<string, HsObject[]> {
  return new Map([...links].map(([companyId, ids]) => [companyId, ids.flatMap((id) => records.get(id) ?? [])]));
}
