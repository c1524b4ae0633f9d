// The canonical account: what a connector produces after field mapping (DOMAIN.md section 1).
// Every field but `id` may be missing; null and absent both mean "no data".
import { z } from 'zod';
import { instant } from './dates.ts';
import { between, growthPercent, money, wholeBetween } from './numbers.ts';

export const accountFields = {
  id: z.string().min(1, 'must be the CRM record id'),
  name: z.string().nullish(),
  ownerId: z.string().nullish(),
  csmOwnerId: z.string().nullish(),
  industry: z.string().nullish(),
  // Every number is bounded, so a CRM value too large to be real (1e300) is reported as a bad
  // value instead of reaching the rules, and no sum over a portfolio can overflow.
  annualRevenue: money.nullish(),
  employees: between(0, 10_000_000, ' employees').nullish(),
  arr: money.nullish(),
  contractEnd: instant.nullish(),
  featureUsage: z.number().min(0, 'must be a share between 0 and 1').max(1, 'must be a share between 0 and 1').nullish(),
  lastLoginAt: instant.nullish(),
  nps: z.number().min(-100, 'must be between -100 and 100').max(100, 'must be between -100 and 100').nullish(),
  industryGrowth: growthPercent.nullish(),
  inTrial: z.boolean().nullish(),
  referrals: wholeBetween(0, 1_000_000, ' referrals').nullish(),
  /** When the customer left (DOMAIN sections 10, 11): the backtest's churn event when mapped. */
  churnedAt: instant.nullish(),
};

export const AccountSchema = z.object(accountFields);
export type Account = z.output<typeof AccountSchema>;

/** Canonical fields a tier rule or a mapping may name. */
export const CANONICAL_FIELDS = Object.keys(accountFields) as (keyof typeof accountFields)[];
export type CanonicalField = keyof typeof accountFields;
