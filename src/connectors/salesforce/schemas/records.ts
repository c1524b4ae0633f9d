// The records crm-pulse reads, per object, as SOQL returns them (JSON values; Bulk API 2.0 CSV
// gives strings). Provider fields are nullish: a field the user cannot see, or an empty one, is
// "no data", never a crash. Unknown fields of an Account are kept for the mapping.
// https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_task.htm
// https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_event.htm
// https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_case.htm
// https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_opportunity.htm
import { z } from 'zod';
import { parseAnswer } from '../api.ts';
import { SalesforceId } from './query.ts';

const text = z.string().nullish();
// Any JSON number: 1e400 parses to Infinity, a value the history mappers report for that record
// (activity-values.ts) rather than a shape that stops the connection as an API change.
const num = z.custom<number>((v) => typeof v === 'number', 'must be a number').nullish();
const flag = z.boolean().nullish();

export const AccountRecordSchema = z.looseObject({ Id: SalesforceId, SystemModstamp: text });

/** A row of an incremental read of an activity object: which account it belongs to, and the cursor. */
export const ChangeRecordSchema = z.object({ Id: SalesforceId, AccountId: SalesforceId.nullish(), SystemModstamp: z.string() });

export const TaskRecordSchema = z.object({
  Id: SalesforceId,
  AccountId: SalesforceId.nullish(),
  OwnerId: text,
  /** Call, Email, ListEmail, Task, Cadence, LinkedIn. */
  TaskSubtype: text,
  /** The older Type picklist (Call, Email, Meeting, Other...). */
  Type: text,
  CallDurationInSeconds: num,
  ActivityDate: text,
  CompletedDateTime: text,
  CreatedDate: text,
});

export const EventRecordSchema = z.object({
  Id: SalesforceId,
  AccountId: SalesforceId.nullish(),
  OwnerId: text,
  StartDateTime: text,
  EndDateTime: text,
  DurationInMinutes: num,
  IsAllDayEvent: flag,
});

export const CaseRecordSchema = z.object({ Id: SalesforceId, AccountId: SalesforceId.nullish(), OwnerId: text, CreatedDate: text, IsClosed: flag, ClosedDate: text, Priority: text });

export const OpportunityRecordSchema = z.object({
  Id: SalesforceId,
  AccountId: SalesforceId.nullish(),
  Name: text,
  OwnerId: text,
  Amount: num,
  CloseDate: text,
  IsWon: flag,
  IsClosed: flag,
});

/** A crm-pulse task read back for dedupe or status. */
export const PulseTaskRecordSchema = z.object({ Id: SalesforceId, Pulse_Task_Key__c: text, IsClosed: flag, CreatedDate: text });

/** Records of a page, validated; a shape crm-pulse does not read stops with a clear message. */
export function readRecords<S extends z.ZodType>(what: string, schema: S, records: readonly unknown[]): z.output<S>[] {
  return parseAnswer(what, z.array(schema), records);
}
