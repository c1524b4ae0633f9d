// Retention metrics over a trailing window ending at the as-of date (DOMAIN.md section 10): gross
// dollar churn, net revenue retention, LTV, LTV/CAC and CAC payback, per group (all, tier, band).
// Customers at the start are accounts with a contract in force then and not churned before; the
// churned are those whose churn event falls in the window. A window the ARR history does not
// reach gives "not enough history", never a guess; every figure names its source.
import type { Policy } from '../../model/index.ts';
import type { HistorySource } from './history.ts';

export interface RetentionAccount {
  tier: string;
  /** The band at the window's start (from the backtest's observation nearest it), or `unknown`. */
  band: string;
  customerAtStart: boolean;
  arrStart: number | null;
  /** ARR at the window's end; ignored for the churned (they count 0). */
  arrEnd: number | null;
  churnedInWindow: boolean;
}

export interface RetentionFigures {
  customersAtStart: number;
  churned: number;
  arrAtStart: number;
  grossDollarChurn: number | null;
  netRevenueRetention: number | null;
  logoChurnRate: number | null;
  averageArr: number | null;
  ltv: number | null;
  /** Null when no CAC is set for the group (policy `retention.cac`). */
  cac: number | null;
  ltvToCac: number | null;
  cacPaybackMonths: number | null;
}

export type RetentionGroup = { status: 'ok'; figures: RetentionFigures } | { status: 'not_enough_history'; reason: string };

export interface RetentionReport {
  window: { from: number; to: number; days: number };
  /** Where past ARR and contract ends came from, and how far back they reach. */
  source: HistorySource;
  historySince: number;
  overall: RetentionGroup;
  byTier: Record<string, RetentionGroup>;
  byBand: Record<string, RetentionGroup>;
}

export interface RetentionInput {
  accounts: readonly RetentionAccount[];
  from: number;
  to: number;
  source: HistorySource;
  historySince: number;
}

const ratio = (a: number, b: number): number | null => (b === 0 ? null : a / b);

function cacFor(policy: Policy['retention'], tier: string | null): number | null {
  const { cac } = policy;
  if (cac === null) return null;
  if (typeof cac === 'number') return cac;
  return tier === null ? null : (cac[tier] ?? null);
}

export function retentionFigures(accounts: readonly RetentionAccount[], policy: Policy['retention'], tier: string | null): RetentionFigures {
  const start = accounts.filter((a) => a.customerAtStart && a.arrStart !== null);
  const churned = start.filter((a) => a.churnedInWindow);
  const arrAtStart = start.reduce((s, a) => s + a.arrStart!, 0);
  const arrEnd = start.reduce((s, a) => s + (a.churnedInWindow ? 0 : (a.arrEnd ?? 0)), 0);
  const logoChurnRate = ratio(churned.length, start.length);
  const averageArr = ratio(arrAtStart, start.length);
  const yearly = averageArr === null ? null : averageArr * policy.grossMargin;
  const cap = averageArr === null ? null : averageArr * policy.maxLifetimeYears;
  const ltv = yearly === null ? null : logoChurnRate ? Math.min(yearly / logoChurnRate, cap!) : cap;
  const cac = cacFor(policy, tier);
  return {
    customersAtStart: start.length,
    churned: churned.length,
    arrAtStart,
    grossDollarChurn: ratio(churned.reduce((s, a) => s + a.arrStart!, 0), arrAtStart),
    netRevenueRetention: ratio(arrEnd, arrAtStart),
    logoChurnRate,
    averageArr,
    ltv,
    cac,
    ltvToCac: cac === null || ltv === null ? null : ratio(ltv, cac),
    cacPaybackMonths: cac === null || !yearly ? null : cac / (yearly / 12),
  };
}

export function retentionReport(input: RetentionInput, policy: Policy['retention']): RetentionReport {
  const covered = input.historySince <= input.from;
  const group = (accounts: readonly RetentionAccount[], tier: string | null): RetentionGroup =>
    covered ? { status: 'ok', figures: retentionFigures(accounts, policy, tier) } : { status: 'not_enough_history', reason: `the history reaches back to ${new Date(input.historySince).toISOString().slice(0, 10)}, after the window's start ${new Date(input.from).toISOString().slice(0, 10)}` };
  const by = (key: (a: RetentionAccount) => string, tiered: boolean) => {
    const keys = [...new Set(input.accounts.map(key))].sort();
    return Object.fromEntries(keys.map((k) => [k, group(input.accounts.filter((a) => key(a) === k), tiered ? k : null)]));
  };
  return {
    window: { from: input.from, to: input.to, days: Math.round((input.to - input.from) / 86_400_000) },
    source: input.source,
    historySince: input.historySince,
    overall: group(input.accounts, null),
    byTier: by((a) => a.tier, true),
    byBand: by((a) => a.band, false),
  };
}
