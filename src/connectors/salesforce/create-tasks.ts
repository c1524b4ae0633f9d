// Creates crm-pulse tasks through sObject Collections, each tied to its record (WhatId: the
// Account; a handoff checklist to the won Opportunity, which rolls up to the Account), owned, due
// on its day, with the org's default open status and normal priority, and carrying its kind and
// dedupe key. One Account's tasks go in the same collection where they fit, so its children are
// never written by two requests at once. Dedupe is the caller's: it checks findTasks before and
// records the CRM id after; a create whose outcome is unknown is not repeated here.
import { formatDay, RecordError, RetryableError, type PulseError } from '../../model/index.ts';
import type { TaskOutcome, TaskRef, TaskToCreate } from '../connector.ts';
import type { SalesforceApi } from './api.ts';
import { saveRecords, type SfWriteRecord } from './collections.ts';
import { TASK_KEY_FIELD, TASK_KIND_FIELD } from './pulse-fields.ts';
import type { TaskDefaults } from './task-defaults.ts';

/** Task.Subject holds 255 characters. */
const SUBJECT_MAX = 255;

/** The record a task is on: a handoff's won Opportunity, else its Account (read-tasks.ts looks it up there). */
export function whatIdOf(t: Pick<TaskRef, 'kind' | 'accountId' | 'dealId'>): string {
  return t.kind === 'handoff' && t.dealId ? t.dealId : t.accountId;
}

function taskRecord(t: TaskToCreate, defaults: TaskDefaults): SfWriteRecord {
  const subject = t.subject.length > SUBJECT_MAX ? `${t.subject.slice(0, SUBJECT_MAX - 1)}…` : t.subject;
  return {
    attributes: { type: 'Task' },
    Subject: subject,
    Description: t.body,
    ActivityDate: formatDay(t.dueAt),
    Status: defaults.status,
    Priority: defaults.priority,
    WhatId: whatIdOf(t),
    // Without an owner Salesforce makes the crm-pulse user the owner.
    ...(t.ownerId ? { OwnerId: t.ownerId } : {}),
    [TASK_KIND_FIELD]: t.kind,
    [TASK_KEY_FIELD]: t.key,
  };
}

export async function createTasks(api: SalesforceApi, tasks: readonly TaskToCreate[], defaults: TaskDefaults): Promise<TaskOutcome[]> {
  const unique = [...new Map(tasks.map((t) => [t.key, t])).values()].sort((a, b) => (a.accountId < b.accountId ? -1 : a.accountId > b.accountId ? 1 : 0));
  const saved = await saveRecords(api, 'create', unique.map((t) => taskRecord(t, defaults)));
  const outcomes = new Map<string, TaskOutcome>();
  unique.forEach((t, i) => {
    const o = saved[i]!;
    let error: PulseError | null = null;
    if (!o.ok && o.unconfirmed) {
      error = new RetryableError('SALESFORCE_TASK_UNCONFIRMED', `Salesforce may have created task ${t.key} (${o.reason}); it is reconciled by key before any new attempt`);
    } else if (!o.ok) error = new RecordError('SALESFORCE_TASK_REJECTED', `Salesforce did not create task ${t.key}: ${o.reason}`, t.accountId);
    outcomes.set(t.key, { key: t.key, crmId: o.ok ? o.id : null, error });
  });
  return tasks.map((t) => outcomes.get(t.key)!);
}
