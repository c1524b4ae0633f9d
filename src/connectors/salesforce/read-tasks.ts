// Reads crm-pulse tasks back: by dedupe key (the caller's check before a create, and its
// reconciliation of creates whose outcome was unknown) and by CRM id (their status moves handoff
// status along). Completed means Task.IsClosed, whatever the org calls its closed statuses.
//
// The key look-up filters on WhatId first. Activity custom fields cannot be External IDs, so
// Pulse_Task_Key__c has no index and `WHERE Pulse_Task_Key__c IN (...)` alone scans every Task:
// non-selective on an org with millions of them (QUERY_TIMEOUT). WhatId is a lookup, indexed as
// standard, and a batch's accounts match a sliver of the table, so the optimizer reads their
// tasks by the index and filters the keys among them (docs/salesforce.md, "Task dedupe"). A task
// is on the record crm-pulse created it on (create-tasks.ts: the account, a handoff's deal);
// one a user moved to another record is not found, and a second one is made. SOQL reads committed
// records, so a Task created a moment ago is found.
import { parseInstant } from '../../model/index.ts';
import type { CrmTask, TaskRef } from '../connector.ts';
import type { SalesforceApi } from './api.ts';
import { runQueries } from './composite-query.ts';
import { whatIdOf } from './create-tasks.ts';
import { TASK_KEY_FIELD } from './pulse-fields.ts';
import { PulseTaskRecordSchema, readRecords } from './schemas/records.ts';
import { inStatements, quote, SOQL_MAX_CHARS } from './soql.ts';

const SELECT = `SELECT Id, ${TASK_KEY_FIELD}, IsClosed, CreatedDate FROM Task WHERE`;

async function read(api: SalesforceApi, statements: readonly string[]): Promise<CrmTask[]> {
  // https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_composite_post.htm
  // POST /services/data/vXX.X/composite: GET query subrequests on Task
  const records = readRecords('Task records', PulseTaskRecordSchema, (await runQueries(api, statements.map((soql) => ({ soql })))).flat());
  return records.map((r) => ({
    key: r.Pulse_Task_Key__c ?? '',
    crmId: r.Id,
    status: r.IsClosed ? 'completed' : 'open',
    createdAt: parseInstant(r.CreatedDate ?? '') ?? 0,
  }));
}

/**
 * `WhatId IN (records) AND key IN (keys)` statements, each under `max` characters, each pairing
 * a group of records with their keys: grouped by record, so no key is looked up off its record.
 */
export function keyStatements(tasks: readonly TaskRef[], max = SOQL_MAX_CHARS): string[] {
  const byRecord = new Map<string, Set<string>>();
  for (const t of tasks) byRecord.set(whatIdOf(t), (byRecord.get(whatIdOf(t)) ?? new Set()).add(t.key));
  const fixed = `${SELECT} WhatId IN () AND ${TASK_KEY_FIELD} IN ()`.length;
  const out: string[] = [];
  let records: string[] = [];
  let keys: string[] = [];
  let length = fixed;
  const flush = () => {
    if (records.length) out.push(`${SELECT} WhatId IN (${records.join(',')}) AND ${TASK_KEY_FIELD} IN (${keys.join(',')})`);
    records = [];
    keys = [];
    length = fixed;
  };
  for (const [record, ofRecord] of byRecord) {
    const literals = [...ofRecord].map(quote);
    const added = quote(record).length + 1 + literals.reduce((n, l) => n + l.length + 1, 0);
    if (fixed + added > max) throw new RangeError(`the task keys of ${record} are too long for one SOQL statement`);
    if (length + added > max) flush();
    records.push(quote(record));
    keys.push(...literals);
    length += added;
  }
  flush();
  return out;
}

/** Every task with one of these keys on its record (duplicates too, so the caller can see them). */
export function findTasks(api: SalesforceApi, tasks: readonly TaskRef[]): Promise<CrmTask[]> {
  return read(api, keyStatements(tasks));
}

/** Current status of tasks by CRM id; deleted tasks are absent. */
export function taskStatus(api: SalesforceApi, crmIds: readonly string[]): Promise<CrmTask[]> {
  return read(api, inStatements(`${SELECT} Id`, crmIds));
}
