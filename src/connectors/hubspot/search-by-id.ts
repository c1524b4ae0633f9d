// Every record of a type through CRM search, 200 a page (the list endpoint gives 100), in id
// order. Each page is a query of its own: the records whose `hs_object_id` is above the last one
// read, sorted by it, the first 200. Search's `after` is an offset into a query's results, so a
// record that left them (deleted, merged) between two pages would push an unread one behind the
// offset; a page keyed on the last id read skips nothing. Ids are unique, so a page never stalls
// on a tie the way a date window can (search.ts), and no query comes near the 10,000-result cap.
import { ConnectionError } from '../../model/index.ts';
import type { HubSpotApi } from './api.ts';
import { SearchPageSchema, type HsObject } from './schemas/objects.ts';
import { SEARCH_PAGE_SIZE } from './search.ts';

export const OBJECT_ID = 'hs_object_id';

export interface IdPage {
  records: HsObject[];
  /** The last id read: the next page starts after it. */
  lastId: string | null;
  /** No record after this page's last one. */
  last: boolean;
}

/** Pages of records with an id above `afterId` (null: from the first), in id order. */
export async function* searchById(api: HubSpotApi, objectType: string, properties: readonly string[], afterId: string | null): AsyncGenerator<IdPage> {
  let lastId = afterId;
  for (;;) {
    // https://developers.hubspot.com/docs/guides/api/crm/search
    // POST /crm/objects/{version}/{objectType}/search (PublicApiSpecs/CRM/Companies/Rollouts/424/
    // 2026-09/companies.json, PublicObjectSearchRequest; hs_object_id is a number property, so GT
    // compares it as a number).
    const page = await api.call(
      {
        method: 'POST',
        path: `/crm/objects/${api.version}/${objectType}/search`,
        bucket: 'search',
        json: {
          filterGroups: lastId === null ? [] : [{ filters: [{ propertyName: OBJECT_ID, operator: 'GT', value: lastId }] }],
          sorts: [{ propertyName: OBJECT_ID, direction: 'ASCENDING' }],
          properties: [...properties],
          limit: SEARCH_PAGE_SIZE,
        },
      },
      SearchPageSchema,
    );
    const next = page.results.at(-1)?.id ?? lastId;
    const last = !page.paging?.next || page.results.length === 0;
    if (!last && next === lastId) throw new ConnectionError('HUBSPOT_SEARCH_STUCK', `HubSpot search for ${objectType} after id ${lastId} answered the same id again`);
    lastId = next;
    yield { records: page.results, lastId, last };
    if (last) return;
  }
}
