// Creates crm-pulse tasks, 100 per batch create, each associated to its company (type 192),
// owned, due, and carrying its kind and dedupe key. Dedupe is the caller's: it records the key
// before this call and the CRM id after, and reconciles the gap with findTasks (read-tasks.ts),
// because HubSpot search may not see a task created a moment ago.
import { PulseError, RecordError, RetryableError } from '../../model/index.ts';
import type { TaskOutcome, TaskToCreate } from '../connector.ts';
import type { HubSpotApi } from './api.ts';
import { BATCH_SIZE } from './batch-read.ts';
import { errorsByInput } from './batch-errors.ts';
import { chunks } from './hs-values.ts';
import { TASK_KEY_PROPERTY, TASK_KIND_PROPERTY } from './pulse-properties.ts';
import { BatchObjectsSchema } from './schemas/objects.ts';

/**
 * HUBSPOT_DEFINED association type task -> company
 * (https://developers.hubspot.com/docs/guides/api/crm/associations/associations-v4#association-type-id-values).
 * A literal: importing @hubspot/api-client for its AssociationTypes enum cost every process 23 MB.
 */
const TASK_TO_COMPANY = 192;

function createInput(t: TaskToCreate) {
  return {
    // Echoed in 207 errors, so each failure is tied to its task.
    objectWriteTraceId: t.key,
    properties: {
      hs_task_subject: t.subject,
      hs_task_body: t.body,
      hs_task_status: 'NOT_STARTED',
      hs_timestamp: String(t.dueAt),
      [TASK_KIND_PROPERTY]: t.kind,
      [TASK_KEY_PROPERTY]: t.key,
      ...(t.ownerId ? { hubspot_owner_id: t.ownerId } : {}),
    },
    associations: [{ to: { id: t.accountId }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: TASK_TO_COMPANY }] }],
  };
}

/**
 * Why a task has no CRM id. A task HubSpot refused is a record error; one that may be among
 * results HubSpot did not tie to a key is unconfirmed, and the caller reconciles it by key.
 */
function notCreated(t: TaskToCreate, refused: string | undefined): PulseError {
  if (refused !== undefined) return new RecordError('HUBSPOT_TASK_REJECTED', `HubSpot did not create task ${t.key}: ${refused}`, t.accountId);
  return new RetryableError('HUBSPOT_TASK_UNCONFIRMED', `HubSpot may have created task ${t.key} without saying which record it is; it is reconciled by key before any new attempt`);
}

export async function createTasks(api: HubSpotApi, tasks: readonly TaskToCreate[]): Promise<TaskOutcome[]> {
  const unique = [...new Map(tasks.map((t) => [t.key, t])).values()];
  const outcomes = new Map<string, TaskOutcome>();
  for (const chunk of chunks(unique, BATCH_SIZE)) {
    try {
      // https://developers.hubspot.com/docs/guides/api/crm/engagements/tasks
      // POST /crm/objects/{version}/tasks/batch/create (PublicApiSpecs/CRM/Tasks/Rollouts/424/2026-09/tasks.json,
      // BatchInputSimplePublicObjectBatchInputForCreate: properties, associations, objectWriteTraceId).
      const answer = await api.call({ method: 'POST', path: `/crm/objects/${api.version}/tasks/batch/create`, json: { inputs: chunk.map(createInput) }, creates: true }, BatchObjectsSchema);
      const created = new Map<string, string>();
      let unidentified = 0;
      for (const r of answer.results) {
        const key = r.properties?.[TASK_KEY_PROPERTY] ?? r.objectWriteTraceId;
        if (key) created.set(key, r.id);
        else unidentified += 1;
      }
      const reasons = errorsByInput(answer.errors);
      for (const t of chunk) {
        const crmId = created.get(t.key) ?? null;
        const refused = reasons.byId.get(t.key) ?? (unidentified === 0 ? (reasons.other[0] ?? 'HubSpot gave no reason') : undefined);
        outcomes.set(t.key, { key: t.key, crmId, error: crmId ? null : notCreated(t, refused) });
      }
    } catch (error) {
      // Unknown outcome (5xx, lost answer) or a refused batch: report it per task and go on; a
      // stop (auth, daily limit) ends the run.
      if (!(error instanceof RetryableError || error instanceof RecordError)) throw error;
      for (const t of chunk) outcomes.set(t.key, { key: t.key, crmId: null, error: error as PulseError });
    }
  }
  return tasks.map((t) => outcomes.get(t.key)!);
}
