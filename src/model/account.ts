// The canonical account: what a connector produces after field mapping (DOMAIN.md section 1).
// Every field but `id` may be missing; null and absent both mean "no data".
import { z } from 'zod';
import { instant } from './dates.ts';

export const accountFields = {
  id: z.string().min(1, 'must be the CRM record id'),
  name: z.string().nullish(),
  ownerId: z.string().nullish(),
  csmOwnerId: z.string().nullish(),
  industry: z.string().nullish(),
  annualRevenue: z.number().finite().nullish(),
  employees: z.number().finite().min(0).nullish(),
  arr: z.number().finite().min(0, 'ARR cannot be negative').nullish(),
  contractEnd: instant.nullish(),
  featureUsage: z.number().min(0, 'must be a share between 0 and 1').max(1, 'must be a share between 0 and 1').nullish(),
  lastLoginAt: instant.nullish(),
  nps: z.number().min(-100, 'must be between -100 and 100').max(100, 'must be between -100 and 100').nullish(),
  industryGrowth: z.number().finite().nullish(),
  inTrial: z.boolean().nullish(),
  referrals: z.number().int().min(0).nullish(),
};

export const AccountSchema = z.object(accountFields);
export type Account = z.output<typeof AccountSchema>;

/** Canonical fields a tier rule or a mapping may name. */
export const CANONICAL_FIELDS = Object.keys(accountFields) as (keyof typeof accountFields)[];
export type CanonicalField = keyof typeof accountFields;
