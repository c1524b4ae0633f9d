// Reads CRM objects by id, 100 per call (HubSpot's batch cap). Ids HubSpot no longer has
// (deleted, merged) come back as 207 errors and are simply absent from the result.
import type { HubSpotApi } from './api.ts';
import { chunks } from './hs-values.ts';
import { BatchObjectsSchema, type HsObject } from './schemas/objects.ts';

export const BATCH_SIZE = 100;

export async function batchRead(api: HubSpotApi, objectType: string, ids: readonly string[], properties: readonly string[]): Promise<HsObject[]> {
  const out: HsObject[] = [];
  for (const chunk of chunks([...new Set(ids)], BATCH_SIZE)) {
    // https://developers.hubspot.com/docs/guides/api/crm/objects/companies (Batch tab)
    // POST /crm/v3/objects/{objectType}/batch/read (PublicApiSpecs/CRM/Companies/Rollouts/424/v3/
    // companies.json, BatchReadInputSimplePublicObjectId: properties, propertiesWithHistory, inputs).
    const answer = await api.call(
      {
        method: 'POST',
        path: `/crm/v3/objects/${objectType}/batch/read`,
        json: { properties, propertiesWithHistory: [], inputs: chunk.map((id) => ({ id })) },
      },
      BatchObjectsSchema,
    );
    out.push(...answer.results);
  }
  return out;
}
