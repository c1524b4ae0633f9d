// The company property list, normalised to CrmField so mapping/check.ts can check a mapping
// against the portal's real properties (names, types, enumeration options). The list is kept
// between runs (definitions.ts) under COMPANY_FIELDS.
import { z } from 'zod';
import type { CrmField, FieldKind } from '../mapping/check.ts';
import type { HubSpotApi } from './api.ts';
import { PropertyListSchema, type HsProperty } from './schemas/properties.ts';

const KINDS: Record<string, FieldKind> = {
  string: 'string',
  phone_number: 'string',
  number: 'number',
  date: 'date',
  datetime: 'datetime',
  bool: 'boolean',
  enumeration: 'enumeration',
};

export function toCrmField(p: HsProperty): CrmField {
  // Owner properties (hubspot_owner_id and custom owner fields) are enumerations whose options
  // are users: a reference, read as a string id.
  const kind: FieldKind = p.referencedObjectType ? 'reference' : (KINDS[p.type] ?? 'other');
  const field: CrmField = { name: p.name, label: p.label ?? p.name, kind, crmType: p.type };
  if (kind === 'enumeration' && p.options?.length) field.options = p.options.map((o) => o.value);
  return field;
}

// https://developers.hubspot.com/docs/guides/api/crm/properties
// GET /crm/properties/{version}/{objectType} (PublicApiSpecs/CRM/Properties/Rollouts/145899/2026-09/properties.json)
export async function listProperties(api: HubSpotApi, objectType: string): Promise<HsProperty[]> {
  const page = await api.call({ method: 'GET', path: `/crm/properties/${api.version}/${objectType}` }, PropertyListSchema);
  return page.results;
}

/** The name the company fields are kept under between runs. */
export const COMPANY_FIELDS = 'hubspot.companyFields';

/** A kept CrmField, checked on the way out like any stored value. */
export const CrmFieldsSchema = z.array(
  z.object({
    name: z.string(),
    label: z.string(),
    kind: z.enum(['string', 'number', 'date', 'datetime', 'boolean', 'enumeration', 'reference', 'other']),
    crmType: z.string(),
    options: z.array(z.string()).optional(),
  }),
);

export async function companyFields(api: HubSpotApi): Promise<CrmField[]> {
  return (await listProperties(api, 'companies')).map(toCrmField);
}
