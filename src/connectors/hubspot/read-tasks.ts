// Reads crm-pulse tasks back: by dedupe key (to settle creates whose outcome was unknown) and by
// CRM id (their status moves handoff status along). Both go through batch reads of the task
// records, never through search: HubSpot's search index lags behind a create by seconds, so a
// task created a moment ago (the create whose answer was lost) would not be found and would be
// made twice. A key's task is found among the tasks associated with its company, which every
// crm-pulse task is (create-tasks.ts), and associations are read from the records themselves.
import type { CrmTask, TaskRef } from '../connector.ts';
import type { HubSpotApi } from './api.ts';
import { associatedIds } from './associations.ts';
import { batchRead } from './batch-read.ts';
import { hsTime } from './hs-values.ts';
import { TASK_KEY_PROPERTY } from './pulse-properties.ts';
import type { HsObject } from './schemas/objects.ts';

const PROPERTIES = [TASK_KEY_PROPERTY, 'hs_task_status', 'hs_createdate'];

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
export async function findTasks(api: HubSpotApi, tasks: readonly TaskRef[]): Promise<CrmTask[]> {
  if (tasks.length === 0) return [];
  const keys = new Set(tasks.map((t) => t.key));
  const linked = await associatedIds(api, 'companies', 'tasks', [...new Set(tasks.map((t) => t.accountId))]);
  const records = await batchRead(api, 'tasks', [...new Set([...linked.values()].flat())], PROPERTIES);
  return records.map(toCrmTask).filter((t) => keys.has(t.key));
}

/** Current status of tasks by CRM id; deleted tasks are absent. */
export async function taskStatus(api: HubSpotApi, crmIds: readonly string[]): Promise<CrmTask[]> {
  return (await batchRead(api, 'tasks', crmIds, PROPERTIES)).map(toCrmTask);
}
