// Reads companies as canonical accounts. The first run is a full load: every company through
// CRM search in id order, 200 a page (search-by-id.ts); later runs search for companies modified
// since the checkpoint. Only the mapped properties are requested.
//
// Search is eventually consistent: a company created or edited just before the full load may be
// missing from it, or come with its values from before the edit. The checkpoint the full load
// hands on therefore starts the incremental reads a settle period before the load began, so the
// next search finds every company modified since then. One the run wrote is an exception (the
// own-write fence leaves it out of that search), but the run's own-write check reads it by id
// after the write and hands it on when its values are not the ones it was scored from.
//
// Deletes: HubSpot search never returns archived companies, and listing archived ones cannot be
// filtered by time, so polling reports no deletions (`deletedIds` stays empty). Deleted
// companies arrive through the `company.deletion` webhook (webhook.ts); until then their stored
// state is kept, and a write to them fails for that record only.
import { mapAccount, mappedFields, rawValues, type EffectiveMapping } from '../mapping/apply.ts';
import type { AccountPage, MappedAccount, OwnWriteFence, SampleAccount } from '../connector.ts';
import type { Checkpoint } from '../../model/index.ts';
import type { HubSpotApi } from './api.ts';
import { batchRead } from './batch-read.ts';
import { AccountCheckpointSchema, readCheckpoint, type AccountCheckpoint } from './checkpoint.ts';
import { fencedGroups, liveFences } from './own-writes.ts';
import type { HsObject } from './schemas/objects.ts';
import { searchById } from './search-by-id.ts';
import { searchChanged, SEARCH_SETTLE_MS } from './search.ts';
import { LAST_MODIFIED } from './standard-mapping.ts';

function toMapped(records: readonly HsObject[], mapping: EffectiveMapping): MappedAccount[] {
  return records.map((r) => mapAccount(r.id, r.properties ?? {}, mapping));
}

export async function* readCompanies(api: HubSpotApi, mapping: EffectiveMapping, checkpoint: Checkpoint | null, now: number): AsyncGenerator<AccountPage> {
  const properties = [...mappedFields(mapping), LAST_MODIFIED];
  const cp = readCheckpoint(AccountCheckpointSchema, checkpoint);
  if (cp?.phase === 'incremental') {
    const fences = liveFences(cp.fences, cp.cursor.since);
    for await (const page of searchChanged(api, { objectType: 'companies', start: cp.cursor, properties, groups: fencedGroups(fences), now })) {
      const next: AccountCheckpoint = { v: 1, source: 'hubspot.companies', phase: 'incremental', cursor: page.cursor, fences: liveFences(fences, page.cursor.since) };
      yield { accounts: toMapped(page.records, mapping), deletedIds: [], checkpoint: next };
    }
    return;
  }
  const startedAt = cp?.startedAt ?? now;
  for await (const page of searchById(api, 'companies', properties, cp?.afterId ?? null)) {
    // After the last page, searches start where the full load began, a settle period earlier.
    const next: AccountCheckpoint = page.last
      ? { v: 1, source: 'hubspot.companies', phase: 'incremental', cursor: { since: Math.max(0, startedAt - SEARCH_SETTLE_MS), seen: [] }, fences: [] }
      : { v: 1, source: 'hubspot.companies', phase: 'initial', afterId: page.lastId, startedAt };
    yield { accounts: toMapped(page.records, mapping), deletedIds: [], checkpoint: next };
  }
}

/** The checkpoint with a run's fence added, or unchanged when it is not yet at the incremental reads. */
export function withFence(checkpoint: Checkpoint, fence: OwnWriteFence): Checkpoint {
  const cp = readCheckpoint(AccountCheckpointSchema, checkpoint);
  if (cp?.phase !== 'incremental') return checkpoint;
  return { ...cp, fences: liveFences([...cp.fences, fence], cp.cursor.since) } satisfies AccountCheckpoint;
}

export async function readCompaniesById(api: HubSpotApi, mapping: EffectiveMapping, ids: readonly string[]): Promise<MappedAccount[]> {
  return toMapped(await batchRead(api, 'companies', ids, mappedFields(mapping)), mapping);
}

export async function sampleCompanies(api: HubSpotApi, mapping: EffectiveMapping, ids: readonly string[]): Promise<SampleAccount[]> {
  const records = await batchRead(api, 'companies', ids, mappedFields(mapping));
  return records.map((r) => ({ ...mapAccount(r.id, r.properties ?? {}, mapping), raw: rawValues(r.properties ?? {}, mapping) }));
}
