// The sandbox org's objects and fields: the standard fields crm-pulse reads and writes on Account,
// Task, Event, Case and Opportunity, a few setup objects (PermissionSet and its kin, which an org
// may hide from a user without View Setup and Configuration), plus the org's own Account and Task
// fields (the mapped custom fields and crm-pulse's Pulse_* fields, which a test may leave out to
// play an org where they are not deployed, or give another type, as an admin who made them by
// hand). describe answers from it; queries naming a field it lacks fail with INVALID_FIELD and
// writes with INVALID_FIELD_FOR_INSERT_UPDATE, as in Salesforce; values are checked against their
// type (picklists, lengths, numbers, dates).
import { ACCOUNT_FIELDS, ACTIVITY_FIELDS } from '../../connectors/index.ts';

export interface SfField {
  name: string;
  type: string;
  /** Picklist values (Status and Priority have org defaults). */
  values?: readonly string[];
  defaultValue?: string;
  restricted?: boolean;
  length?: number;
  /** Digits and decimal places of a number; describe serves them. */
  precision?: number;
  scale?: number;
  /** A textarea's kind: plaintextarea (Text Area, Long Text Area) or richtextarea. */
  extraTypeInfo?: string;
  /** Set by Salesforce (Id, SystemModstamp, ...): never written. */
  system?: boolean;
}

/** A field's type as an admin may have made it: what `OrgOptions.fieldTypes` sets. */
export type FieldShape = Pick<SfField, 'type' | 'length' | 'precision' | 'scale' | 'extraTypeInfo'>;

/** A Long Text Area as Setup makes one at its largest. */
export const LONG_TEXT_AREA: FieldShape = { type: 'textarea', length: 131_072, extraTypeInfo: 'plaintextarea' };

/** Setup objects: readable only with View Setup and Configuration (or permission-set rights). */
export const SETUP_OBJECTS = ['PermissionSet', 'PermissionSetAssignment', 'PermissionSetLicenseAssign', 'Profile', 'ObjectPermissions', 'FieldPermissions', 'SetupEntityAccess'] as const;

/** What the org is like beyond its fields. */
export interface SchemaOptions {
  /** Setup objects are hidden from the connecting user, as from an integration user with only Crm_Pulse. */
  hideSetup?: boolean;
  /** Fields of another type than the standard or shipped one, by `Object.Field`. */
  fieldTypes?: Readonly<Record<string, FieldShape>>;
}

/** The Account and Task fields an org adds to the standard ones: [name, describe type]. */
export interface Describes {
  account: [string, string][];
  task: [string, string][];
}

/** A ready org: the fields examples/mapping.salesforce.json reads, the standard ones, crm-pulse's own. */
export const READY_DESCRIBES: Describes = {
  account: [
    ['Id', 'id'],
    ['Name', 'string'],
    ['Industry', 'picklist'],
    ['AnnualRevenue', 'currency'],
    ['NumberOfEmployees', 'int'],
    ['OwnerId', 'reference'],
    ['SystemModstamp', 'datetime'],
    ['ARR__c', 'currency'],
    ['Contract_End_Date__c', 'date'],
    ['Feature_Usage__c', 'percent'],
    ['Last_Login__c', 'datetime'],
    ['NPS__c', 'double'],
    ['CSM__c', 'reference'],
    ['In_Trial__c', 'boolean'],
    ...Object.values(ACCOUNT_FIELDS).map((f): [string, string] => [f.name, f.describeType]),
  ],
  task: [['Status', 'picklist'], ['Priority', 'picklist'], ...ACTIVITY_FIELDS.map((f): [string, string] => [f.name, f.describeType])],
};

const sys = (name: string, type: string): SfField => ({ name, type, system: true });
const f = (name: string, type: string, extra: Partial<SfField> = {}): SfField => ({ name, type, ...extra });
const SYSTEM = [sys('Id', 'id'), sys('IsDeleted', 'boolean'), sys('CreatedDate', 'datetime'), sys('SystemModstamp', 'datetime')];
const ACTIVITY = [f('AccountId', 'reference', { system: true }), f('WhatId', 'reference'), f('WhoId', 'reference'), f('OwnerId', 'reference'), f('Subject', 'string', { length: 255 }), f('Description', 'textarea', { length: 32_000 })];

const STANDARD: Record<string, SfField[]> = {
  Account: [...SYSTEM, f('Name', 'string', { length: 255 }), f('OwnerId', 'reference'), f('Industry', 'picklist'), f('AnnualRevenue', 'currency'), f('NumberOfEmployees', 'int')],
  Task: [
    ...SYSTEM,
    ...ACTIVITY,
    f('Status', 'picklist', { values: ['Not Started', 'In Progress', 'Completed', 'Waiting on someone else', 'Deferred'], defaultValue: 'Not Started' }),
    f('Priority', 'picklist', { values: ['High', 'Normal', 'Low'], defaultValue: 'Normal' }),
    f('ActivityDate', 'date'),
    f('TaskSubtype', 'picklist', { values: ['Task', 'Email', 'ListEmail', 'Cadence', 'Call', 'LinkedIn'] }),
    f('Type', 'picklist'),
    f('CallDurationInSeconds', 'int'),
    f('CompletedDateTime', 'datetime', { system: true }),
    f('IsClosed', 'boolean', { system: true }),
  ],
  Event: [...SYSTEM, ...ACTIVITY, f('StartDateTime', 'datetime'), f('EndDateTime', 'datetime'), f('DurationInMinutes', 'int'), f('IsAllDayEvent', 'boolean')],
  Case: [...SYSTEM, f('AccountId', 'reference'), f('OwnerId', 'reference'), f('Subject', 'string', { length: 255 }), f('Status', 'picklist'), f('Priority', 'picklist', { values: ['Low', 'Medium', 'High', 'Critical'] }), f('IsClosed', 'boolean', { system: true }), f('ClosedDate', 'datetime', { system: true })],
  Opportunity: [
    ...SYSTEM,
    f('AccountId', 'reference'),
    f('Name', 'string', { length: 120 }),
    f('OwnerId', 'reference'),
    f('Amount', 'currency'),
    f('CloseDate', 'date'),
    f('StageName', 'picklist'),
    f('IsWon', 'boolean', { system: true }),
    f('IsClosed', 'boolean', { system: true }),
  ],
  PermissionSet: [sys('Id', 'id'), f('Name', 'string', { length: 80 }), f('Label', 'string', { length: 80 })],
  PermissionSetAssignment: [sys('Id', 'id'), f('AssigneeId', 'reference'), f('PermissionSetId', 'reference')],
  PermissionSetLicenseAssign: [sys('Id', 'id'), f('AssigneeId', 'reference'), f('PermissionSetLicenseId', 'reference')],
  Profile: [sys('Id', 'id'), f('Name', 'string', { length: 255 })],
  ObjectPermissions: [sys('Id', 'id'), f('ParentId', 'reference'), f('SobjectType', 'picklist'), f('PermissionsRead', 'boolean'), f('PermissionsEdit', 'boolean')],
  FieldPermissions: [sys('Id', 'id'), f('ParentId', 'reference'), f('SobjectType', 'picklist'), f('Field', 'string', { length: 255 }), f('PermissionsRead', 'boolean'), f('PermissionsEdit', 'boolean')],
  SetupEntityAccess: [sys('Id', 'id'), f('ParentId', 'reference'), f('SetupEntityId', 'reference')],
  // Field history of the Account: the Field picklist holds the fields whose history is tracked.
  AccountHistory: [
    sys('Id', 'id'),
    sys('IsDeleted', 'boolean'),
    sys('CreatedDate', 'datetime'),
    f('AccountId', 'reference', { system: true }),
    f('Field', 'picklist', { values: ['created', 'ARR__c', 'Contract_End_Date__c', 'Feature_Usage__c', 'NPS__c'], system: true }),
    f('OldValue', 'anyType', { system: true }),
    f('NewValue', 'anyType', { system: true }),
  ],
};

/** What describe says of a number's digits when the field does not say. */
const NUMBER_DIGITS: Record<string, Pick<SfField, 'precision' | 'scale'>> = { double: { precision: 18, scale: 0 }, currency: { precision: 18, scale: 2 }, percent: { precision: 5, scale: 2 } };

const PULSE = new Map([...Object.values(ACCOUNT_FIELDS), ...ACTIVITY_FIELDS].map((p) => [p.name, p]));

/** Every field of every object the connecting user can see, the org's own (`describes`) included. */
export function orgSchema(describes: Describes, o: SchemaOptions = {}): Map<string, Map<string, SfField>> {
  const out = new Map<string, Map<string, SfField>>();
  for (const [object, fields] of Object.entries(STANDARD)) {
    if (o.hideSetup && (SETUP_OBJECTS as readonly string[]).includes(object)) continue;
    out.set(object, new Map(fields.map((x) => [x.name, { ...NUMBER_DIGITS[x.type], ...x }])));
  }
  const own = (object: string, list: [string, string][]) => {
    const fields = out.get(object)!;
    for (const [name, type] of list) {
      if (fields.has(name)) continue;
      const pulse = PULSE.get(name);
      const shape = o.fieldTypes?.[`${object === 'Event' ? 'Task' : object}.${name}`];
      if (shape) fields.set(name, { name, ...shape });
      else fields.set(name, { name, type, ...NUMBER_DIGITS[type], ...(pulse ? { values: pulse.values, restricted: pulse.restricted, length: pulse.length, precision: pulse.precision, scale: pulse.scale } : {}) });
    }
  };
  own('Account', describes.account);
  own('Task', describes.task);
  // Custom activity fields are defined on Activity: Event has them as soon as Task does.
  own('Event', describes.task.filter(([name]) => name.endsWith('__c')));
  return out;
}

/** Why Salesforce would refuse this value for the field (its status code and message), or null. */
export function valueProblem(field: SfField, value: unknown): { code: string; message: string } | null {
  if (field.system) return { code: 'INVALID_FIELD_FOR_INSERT_UPDATE', message: `Unable to create/update fields: ${field.name}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.` };
  if (value === null) return null;
  const bad = (what: string) => ({ code: 'INVALID_TYPE_ON_FIELD_IN_RECORD', message: `${field.name}: value not of required type: ${JSON.stringify(value)} (${what})` });
  switch (field.type) {
    case 'double':
    case 'currency':
    case 'percent':
    case 'int':
      return typeof value === 'number' && Number.isFinite(value) ? null : bad('a number');
    case 'boolean':
      return typeof value === 'boolean' ? null : bad('true or false');
    case 'date':
      return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? null : bad('YYYY-MM-DD');
    case 'datetime':
      return typeof value === 'string' && !Number.isNaN(Date.parse(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'))) ? null : bad('an ISO date-time');
    case 'picklist':
    case 'multipicklist': {
      if (typeof value !== 'string') return bad('text');
      const chosen = field.type === 'multipicklist' ? value.split(';') : [value];
      if (field.restricted && field.values && chosen.some((v) => !field.values!.includes(v))) return { code: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST', message: `${field.name}: bad value for restricted picklist field: ${value}` };
      return null;
    }
    default:
      if (typeof value !== 'string') return bad('text');
      return field.length && value.length > field.length ? { code: 'STRING_TOO_LONG', message: `${field.name}: data value too large: ${value.slice(0, 40)}... (max length=${field.length})` } : null;
  }
}
