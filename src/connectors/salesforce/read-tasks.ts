// Reads crm-pulse tasks back: by dedupe key (the caller's check before a create, and its
// reconciliation of creates whose outcome was unknown) and by CRM id (their status moves handoff
// status along). Completed means Task.IsClosed, whatever the org calls its closed statuses.
// Activity fields cannot be External IDs, so the key is matched with a plain IN filter. SOQL
// reads committed records, so a Task created a moment ago is found.
import { parseInstant } from '../../model/index.ts';
import type { CrmTask, TaskRef } from '../connector.ts';
import type { SalesforceApi } from './api.ts';
import { runQueries } from './composite-query.ts';
import { TASK_KEY_FIELD } from './pulse-fields.ts';
import { PulseTaskRecordSchema, readRecords } from './schemas/records.ts';
import { inStatements } from './soql.ts';

const SELECT = `SELECT Id, ${TASK_KEY_FIELD}, IsClosed, CreatedDate FROM Task WHERE`;

async function read(api: SalesforceApi, field: string, values: readonly string[]): Promise<CrmTask[]> {
  const statements = inStatements(`${SELECT} ${field}`, values).map((soql) => ({ soql }));
  // https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_composite_post.htm
  // POST /services/data/vXX.X/composite: GET query subrequests on Task
  const records = readRecords('Task records', PulseTaskRecordSchema, (await runQueries(api, statements)).flat());
  return records.map((r) => ({
    key: r.Pulse_Task_Key__c ?? '',
    crmId: r.Id,
    status: r.IsClosed ? 'completed' : 'open',
    createdAt: parseInstant(r.CreatedDate ?? '') ?? 0,
  }));
}

/** Every task with one of these keys (duplicates too, so the caller can see them). */
export function findTasks(api: SalesforceApi, tasks: readonly TaskRef[]): Promise<CrmTask[]> {
  return read(api, TASK_KEY_FIELD, [...new Set(tasks.map((t) => t.key))]);
}

/** Current status of tasks by CRM id; deleted tasks are absent. */
export function taskStatus(api: SalesforceApi, crmIds: readonly string[]): Promise<CrmTask[]> {
  return read(api, 'Id', crmIds);
}
