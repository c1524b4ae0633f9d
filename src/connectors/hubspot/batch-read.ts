// Reads CRM objects by id, 100 per call (HubSpot's batch cap). Ids HubSpot no longer has
// (deleted, merged) come back as per-record errors (207 before 2026-09, errors[] of a 200 since)
// and are simply absent from the result.
import type { HubSpotApi } from './api.ts';
import { chunks } from './hs-values.ts';
import { BatchObjectsSchema, type HsObject } from './schemas/objects.ts';

export const BATCH_SIZE = 100;

export async function batchRead(api: HubSpotApi, objectType: string, ids: readonly string[], properties: readonly string[]): Promise<HsObject[]> {
  const out: HsObject[] = [];
  for (const chunk of chunks([...new Set(ids)], BATCH_SIZE)) {
    // https://developers.hubspot.com/docs/guides/api/crm/objects/companies (Batch tab)
    // POST /crm/objects/{version}/{objectType}/batch/read (PublicApiSpecs/CRM/Companies/Rollouts/424/
    // 2026-09/companies.json, BatchReadInputSimplePublicObjectId: properties, propertiesWithHistory, inputs).
    const answer = await api.call(
      {
        method: 'POST',
        path: `/crm/objects/${api.version}/${objectType}/batch/read`,
        json: { properties, propertiesWithHistory: [], inputs: chunk.map((id) => ({ id })) },
      },
      BatchObjectsSchema,
    );
    out.push(...answer.results);
  }
  return out;
}
