// Reads companies as canonical accounts. The first run is a full load through the list endpoint
// (100 a page, no 10,000 cap); later runs search for companies modified since the checkpoint.
// Only the mapped properties are requested.
//
// Deletes: HubSpot search and list never return archived companies, and listing archived ones
// cannot be filtered by time, so polling reports no deletions (`deletedIds` stays empty). Deleted
// companies arrive through the `company.deletion` webhook (webhook.ts); until then their stored
// state is kept, and a write to them fails for that record only.
import { mapAccount, mappedFields, rawValues, type EffectiveMapping } from '../mapping/apply.ts';
import type { AccountPage, MappedAccount, SampleAccount } from '../connector.ts';
import type { Checkpoint } from '../../model/index.ts';
import type { HubSpotApi } from './api.ts';
import { batchRead } from './batch-read.ts';
import { AccountCheckpointSchema, readCheckpoint, type AccountCheckpoint } from './checkpoint.ts';
import { ObjectPageSchema, type HsObject } from './schemas/objects.ts';
import { searchChanged, SEARCH_SETTLE_MS } from './search.ts';
import { LAST_MODIFIED } from './standard-mapping.ts';

export const LIST_PAGE_SIZE = 100;

function toMapped(records: readonly HsObject[], mapping: EffectiveMapping): MappedAccount[] {
  return records.map((r) => mapAccount(r.id, r.properties ?? {}, mapping));
}

export async function* readCompanies(api: HubSpotApi, mapping: EffectiveMapping, checkpoint: Checkpoint | null, now: number): AsyncGenerator<AccountPage> {
  const properties = [...mappedFields(mapping), LAST_MODIFIED];
  const cp = readCheckpoint(AccountCheckpointSchema, checkpoint);
  if (cp?.phase === 'incremental') {
    for await (const page of searchChanged(api, { objectType: 'companies', start: cp.cursor, properties, now })) {
      const next: AccountCheckpoint = { v: 1, source: 'hubspot.companies', phase: 'incremental', cursor: page.cursor };
      yield { accounts: toMapped(page.records, mapping), deletedIds: [], checkpoint: next };
    }
    return;
  }
  const startedAt = cp?.startedAt ?? now;
  let after = cp?.after ?? null;
  for (;;) {
    // https://developers.hubspot.com/docs/guides/api/crm/objects/companies
    // GET /crm/objects/{version}/companies?limit=&after=&properties= (PublicApiSpecs/CRM/Companies/
    // Rollouts/424/2026-09/companies.json, get-/crm/objects/2026-09/{objectType}).
    const page = await api.call(
      {
        method: 'GET',
        path: `/crm/objects/${api.version}/companies`,
        query: { limit: String(LIST_PAGE_SIZE), properties: properties.join(','), archived: 'false', ...(after ? { after } : {}) },
      },
      ObjectPageSchema,
    );
    after = page.paging?.next?.after ?? null;
    // After the last page, searches start where the full load began, a settle period earlier.
    const next: AccountCheckpoint = after
      ? { v: 1, source: 'hubspot.companies', phase: 'initial', after, startedAt }
      : { v: 1, source: 'hubspot.companies', phase: 'incremental', cursor: { since: Math.max(0, startedAt - SEARCH_SETTLE_MS), seen: [] } };
    yield { accounts: toMapped(page.results, mapping), deletedIds: [], checkpoint: next };
    if (!after) return;
  }
}

export async function readCompaniesById(api: HubSpotApi, mapping: EffectiveMapping, ids: readonly string[]): Promise<MappedAccount[]> {
  return toMapped(await batchRead(api, 'companies', ids, mappedFields(mapping)), mapping);
}

export async function sampleCompanies(api: HubSpotApi, mapping: EffectiveMapping, ids: readonly string[]): Promise<SampleAccount[]> {
  const records = await batchRead(api, 'companies', ids, mappedFields(mapping));
  return records.map((r) => ({ ...mapAccount(r.id, r.properties ?? {}, mapping), raw: rawValues(r.properties ?? {}, mapping) }));
}
