// Reads crm-pulse tasks back: by dedupe key through search (to reconcile creates whose outcome
// was unknown) and by CRM id through batch reads (their status moves handoff status along).
import type { CrmTask } from '../connector.ts';
import type { HubSpotApi } from './api.ts';
import { batchRead } from './batch-read.ts';
import { chunks, hsTime } from './hs-values.ts';
import { TASK_KEY_PROPERTY } from './pulse-properties.ts';
import { SearchPageSchema, type HsObject } from './schemas/objects.ts';
import { SEARCH_PAGE_SIZE } from './search.ts';

const PROPERTIES = [TASK_KEY_PROPERTY, 'hs_task_status', 'hs_createdate'];
/** Values of one IN filter. */
export const IN_FILTER_SIZE = 100;

function toCrmTask(r: HsObject): CrmTask {
  const p = r.properties ?? {};
  return {
    key: p[TASK_KEY_PROPERTY] ?? '',
    crmId: r.id,
    status: p.hs_task_status === 'COMPLETED' ? 'completed' : 'open',
    createdAt: hsTime(p.hs_createdate) ?? hsTime(r.createdAt) ?? 0,
  };
}

/** Every task with one of these keys (duplicates too, so the caller can see them). */
export async function findTasks(api: HubSpotApi, keys: readonly string[]): Promise<CrmTask[]> {
  const out: CrmTask[] = [];
  for (const chunk of chunks([...new Set(keys)], IN_FILTER_SIZE)) {
    let after: string | undefined;
    do {
      // https://developers.hubspot.com/docs/guides/api/crm/search#filter-search-results
      // POST /crm/objects/{version}/tasks/search (PublicApiSpecs/CRM/Tasks/Rollouts/424/2026-09/tasks.json,
      // PublicObjectSearchRequest with an IN filter).
      const page = await api.call(
        {
          method: 'POST',
          path: `/crm/objects/${api.version}/tasks/search`,
          bucket: 'search',
          json: {
            filterGroups: [{ filters: [{ propertyName: TASK_KEY_PROPERTY, operator: 'IN', values: chunk }] }],
            properties: PROPERTIES,
            limit: SEARCH_PAGE_SIZE,
            ...(after ? { after } : {}),
          },
        },
        SearchPageSchema,
      );
      out.push(...page.results.map(toCrmTask));
      after = page.paging?.next?.after;
    } while (after);
  }
  return out;
}

/** Current status of tasks by CRM id; deleted tasks are absent. */
export async function taskStatus(api: HubSpotApi, crmIds: readonly string[]): Promise<CrmTask[]> {
  return (await batchRead(api, 'tasks', crmIds, PROPERTIES)).map(toCrmTask);
}
