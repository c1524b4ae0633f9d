// Object describes, and the Account's fields normalised to CrmField so mapping/check.ts can check
// a mapping against the org's real fields (names, types, picklist values). Only the fields the
// crm-pulse user can read appear: field-level security hides the rest.
import type { CrmField, FieldKind } from '../mapping/check.ts';
import type { SalesforceApi } from './api.ts';
import { DescribeSchema, type Describe, type DescribeField } from './schemas/describe.ts';

const KINDS: Record<string, FieldKind> = {
  string: 'string',
  textarea: 'string',
  email: 'string',
  phone: 'string',
  url: 'string',
  encryptedstring: 'string',
  double: 'number',
  currency: 'number',
  percent: 'number',
  int: 'number',
  long: 'number',
  date: 'date',
  datetime: 'datetime',
  boolean: 'boolean',
  picklist: 'enumeration',
  multipicklist: 'enumeration',
  combobox: 'enumeration',
  reference: 'reference',
  id: 'reference',
};

export function toCrmField(f: DescribeField): CrmField {
  const kind: FieldKind = KINDS[f.type] ?? 'other';
  const field: CrmField = { name: f.name, label: f.label ?? f.name, kind, crmType: f.type };
  const options = (f.picklistValues ?? []).filter((v) => v.active !== false).map((v) => v.value);
  if (kind === 'enumeration' && options.length) field.options = options;
  return field;
}

// https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_sobject_describe.htm
// GET /services/data/vXX.X/sobjects/{object}/describe
export function describe(api: SalesforceApi, object: 'Account' | 'Task' | 'AccountHistory'): Promise<Describe> {
  return api.call({ method: 'GET', path: `/sobjects/${object}/describe`, route: `GET /sobjects/${object}/describe` }, DescribeSchema);
}
