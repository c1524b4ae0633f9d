// Salesforce's standard Account fields that feed canonical fields when the admin's mapping does
// not name them (the fallbacks), and what every Account read selects besides.
import type { EffectiveMapping } from '../mapping/apply.ts';

export const STANDARD_MAPPING: EffectiveMapping = {
  name: { field: 'Name', transform: 'string' },
  industry: { field: 'Industry', transform: 'string' },
  annualRevenue: { field: 'AnnualRevenue', transform: 'number' },
  employees: { field: 'NumberOfEmployees', transform: 'number' },
  ownerId: { field: 'OwnerId', transform: 'string' },
};

/** The id and the cursor of incremental reads. */
export const ALWAYS_SELECTED = ['Id', 'SystemModstamp'] as const;
