// Resolves record ids of one object type to associated ids of another with Associations batch
// reads (the dated successor of v4): up to 1,000 ids per call, following a record's own paging
// when it has more associations than one answer holds.
import type { HubSpotApi } from './api.ts';
import { chunks } from './hs-values.ts';
import { AssociationBatchSchema } from './schemas/associations.ts';

export const ASSOCIATION_BATCH_SIZE = 1_000;

/** from id -> associated ids (ids without associations are absent). */
export async function associatedIds(api: HubSpotApi, from: string, to: string, ids: readonly string[]): Promise<Map<string, string[]>> {
  const found = new Map<string, Set<string>>();
  let inputs: { id: string; after?: string }[] = [...new Set(ids)].map((id) => ({ id }));
  while (inputs.length > 0) {
    const more: { id: string; after: string }[] = [];
    for (const chunk of chunks(inputs, ASSOCIATION_BATCH_SIZE)) {
      // https://developers.hubspot.com/docs/guides/api/crm/associations/associations-v4
      // POST /crm/associations/{version}/{fromObjectType}/{toObjectType}/batch/read (PublicApiSpecs/
      // CRM/Associations/Rollouts/130902/2026-09/associations.json, BatchInputPublicFetchAssociationsBatchRequest).
      const answer = await api.call({ method: 'POST', path: `/crm/associations/${api.version}/${from}/${to}/batch/read`, json: { inputs: chunk } }, AssociationBatchSchema);
      for (const r of answer.results) {
        const set = found.get(r.from.id) ?? new Set<string>();
        for (const t of r.to) set.add(t.toObjectId);
        found.set(r.from.id, set);
        const after = r.paging?.next?.after;
        if (after) more.push({ id: r.from.id, after });
      }
    }
    inputs = more;
  }
  return new Map([...found].map(([id, set]) => [id, [...set]]));
}
