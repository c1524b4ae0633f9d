// HubSpot's standard company properties that feed canonical fields when the admin's mapping does
// not name them (the fallbacks), and the properties every read needs besides the mapped ones.
import type { EffectiveMapping } from '../mapping/apply.ts';

export const STANDARD_MAPPING: EffectiveMapping = {
  name: { field: 'name', transform: 'string' },
  industry: { field: 'industry', transform: 'string' },
  annualRevenue: { field: 'annualrevenue', transform: 'number' },
  employees: { field: 'numberofemployees', transform: 'number' },
  ownerId: { field: 'hubspot_owner_id', transform: 'string' },
};

/** The cursor of incremental reads. */
export const LAST_MODIFIED = 'hs_lastmodifieddate';
