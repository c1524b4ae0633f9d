// The property definitions of the sandbox portal, per object type: HubSpot's standard properties
// the connectors read or write, and the custom company properties of examples/mapping.hubspot.json.
// Writes are checked against them as HubSpot does: an unknown or read-only property, or a value
// that is not a number, date, boolean or one of an enumeration's options, fails the request.
import { OWNERS } from '../portfolio.ts';

export interface HsOption {
  label: string;
  value: string;
  displayOrder: number;
  hidden: boolean;
}

export interface HsProperty {
  name: string;
  label: string;
  type: string;
  fieldType: string;
  groupName: string;
  description?: string;
  options: HsOption[];
  hubspotDefined?: boolean;
  referencedObjectType?: string;
  /** Set by HubSpot itself (ids, timestamps): a write to it fails. */
  readOnly?: boolean;
}

export const ownerId = (index: number): string => String(index + 1);

const options = (values: readonly string[]): HsOption[] => values.map((value, i) => ({ label: value.replace(/_/g, ' ').toLowerCase(), value, displayOrder: i, hidden: false }));

const OWNER_OPTIONS = OWNERS.map((o, i) => ({ label: `${o.firstName} ${o.lastName}`, value: ownerId(o.index), displayOrder: i, hidden: false }));

type Def = [name: string, type: string, fieldType?: string, extra?: Partial<HsProperty>];

function defs(group: string, list: readonly Def[]): HsProperty[] {
  return list.map(([name, type, fieldType, extra]) => ({ name, label: name.replace(/_/g, ' '), type, fieldType: fieldType ?? (type === 'number' ? 'number' : type === 'enumeration' ? 'select' : type === 'date' || type === 'datetime' ? 'date' : 'text'), groupName: group, options: [], hubspotDefined: true, ...extra }));
}

const owner: Def = ['hubspot_owner_id', 'enumeration', 'select', { referencedObjectType: 'OWNER', options: OWNER_OPTIONS }];
const common: Def[] = [
  ['hs_object_id', 'number', 'number', { readOnly: true }],
  ['hs_createdate', 'datetime', 'date', { readOnly: true }],
  ['hs_lastmodifieddate', 'datetime', 'date', { readOnly: true }],
];

export const INDUSTRY_VALUES = ['COMPUTER_SOFTWARE', 'FINANCIAL_SERVICES', 'HOSPITAL_HEALTH_CARE', 'RETAIL', 'MACHINERY', 'LOGISTICS_AND_SUPPLY_CHAIN', 'EDUCATION_MANAGEMENT', 'MEDIA_PRODUCTION'] as const;

/** Standard properties by object type. */
export function standardProperties(): Record<string, HsProperty[]> {
  const custom = (list: readonly Def[]) => defs('companyinformation', list).map((p) => ({ ...p, hubspotDefined: false }));
  return {
    companies: [
      ...defs('companyinformation', [
        ['name', 'string'],
        ['domain', 'string'],
        ['industry', 'enumeration', 'select', { options: options(INDUSTRY_VALUES) }],
        ['annualrevenue', 'number'],
        ['numberofemployees', 'number'],
        ['createdate', 'datetime', 'date', { readOnly: true }],
        owner,
        ...common,
      ]),
      ...custom([
        ['annual_contract_value', 'number'],
        ['contract_end_date', 'date'],
        ['feature_usage_pct', 'number'],
        ['last_login_date', 'datetime'],
        ['account_nps', 'number'],
        ['csm_owner_id', 'enumeration', 'select', { referencedObjectType: 'OWNER', options: OWNER_OPTIONS }],
        ['in_trial', 'bool', 'booleancheckbox', { options: options(['true', 'false']) }],
        ['churn_date', 'date'],
      ]),
    ],
    contacts: defs('contactinformation', [['firstname', 'string'], ['lastname', 'string'], ['email', 'string'], owner, ...common]),
    meetings: defs('meeting', [['hs_meeting_title', 'string'], ['hs_meeting_start_time', 'datetime'], ['hs_meeting_end_time', 'datetime'], ['hs_timestamp', 'datetime'], owner, ...common]),
    calls: defs('call', [['hs_call_title', 'string'], ['hs_timestamp', 'datetime'], ['hs_call_duration', 'number'], owner, ...common]),
    emails: defs('email', [['hs_email_subject', 'string'], ['hs_timestamp', 'datetime'], owner, ...common]),
    notes: defs('note', [['hs_note_body', 'string'], ['hs_timestamp', 'datetime'], owner, ...common]),
    tickets: defs('ticketinformation', [
      ['subject', 'string'],
      ['createdate', 'datetime', 'date', { readOnly: true }],
      ['hs_pipeline', 'enumeration', 'select'],
      ['hs_pipeline_stage', 'enumeration', 'select'],
      ['hs_ticket_priority', 'enumeration', 'select', { options: options(['LOW', 'MEDIUM', 'HIGH', 'URGENT']) }],
      ['hs_is_closed', 'bool', 'booleancheckbox', { readOnly: true }],
      ['closed_date', 'datetime'],
      owner,
      ...common,
    ]),
    deals: defs('dealinformation', [
      ['dealname', 'string'],
      ['amount', 'number'],
      ['closedate', 'datetime'],
      ['pipeline', 'enumeration', 'select'],
      ['dealstage', 'enumeration', 'select'],
      ['hs_is_closed_won', 'bool', 'booleancheckbox', { readOnly: true }],
      owner,
      ...common,
    ]),
    tasks: defs('taskinformation', [
      ['hs_task_subject', 'string'],
      ['hs_task_body', 'string', 'textarea'],
      ['hs_task_status', 'enumeration', 'select', { options: options(['NOT_STARTED', 'IN_PROGRESS', 'WAITING', 'COMPLETED', 'DEFERRED']) }],
      ['hs_task_priority', 'enumeration', 'select', { options: options(['NONE', 'LOW', 'MEDIUM', 'HIGH']) }],
      ['hs_task_type', 'enumeration', 'select', { options: options(['TODO', 'CALL', 'EMAIL']) }],
      ['hs_timestamp', 'datetime'],
      owner,
      ...common,
    ]),
  };
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** Why HubSpot would refuse this value for the property, or null when it takes it. */
export function valueProblem(p: HsProperty, value: string | null): string | null {
  if (p.readOnly) return `Property "${p.name}" is read-only`;
  if (value === null || value === '') return null;
  switch (p.type) {
    case 'number':
      return Number.isFinite(Number(value)) ? null : `${value} is not a valid number`;
    case 'bool':
      return value === 'true' || value === 'false' ? null : `${value} is not a valid boolean (true or false)`;
    case 'datetime':
      return /^\d+$/.test(value) || !Number.isNaN(Date.parse(value)) ? null : `${value} is not a valid datetime (epoch milliseconds or ISO 8601)`;
    case 'date': {
      const ms = /^\d+$/.test(value) ? Number(value) : DATE_ONLY.test(value) ? Date.parse(`${value}T00:00:00Z`) : Number.NaN;
      return Number.isFinite(ms) && ms % 86_400_000 === 0 ? null : `${value} is not a valid date: dates must be midnight UTC`;
    }
    case 'enumeration': {
      if (p.options.length === 0) return null;
      const allowed = new Set(p.options.map((o) => o.value));
      // Multi-selects (checkbox) take several options separated by semicolons.
      const values = p.fieldType === 'checkbox' ? value.split(';') : [value];
      const bad = values.filter((v) => !allowed.has(v));
      return bad.length === 0 ? null : `${bad.join(';')} was not one of the allowed options: [${[...allowed].join(', ')}]`;
    }
    default:
      return null;
  }
}
