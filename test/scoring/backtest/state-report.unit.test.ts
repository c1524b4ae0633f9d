import { describe, expect, it } from 'vitest';
import { compilePolicy, createScorer, DEFAULTS_FOR_TESTS } from './helpers.ts';
import { backtestReport, observe, recordAt, type AccountPast, type Observation } from '../../../src/scoring/index.ts';

const DAY = 86_400_000;
const d = (s: string) => Date.parse(`${s}T12:00:00.000Z`);
const T = d('2026-06-01');

function past(over: Partial<AccountPast> = {}): AccountPast {
  return {
    account: { id: 'a1', name: 'Acme', csmOwnerId: 'csm-1', arr: 500_000, featureUsage: 0.9, nps: 50, contractEnd: d('2027-01-01') },
    history: {
      since: d('2025-01-01'),
      source: 'hubspot_property_history',
      fields: {
        arr: [{ at: d('2025-01-01'), value: 200_000 }, { at: d('2026-07-01'), value: 500_000 }],
        featureUsage: [{ at: d('2025-01-01'), value: 0.3 }, { at: d('2026-06-02'), value: 0.9 }],
        contractEnd: [{ at: d('2025-01-01'), value: d('2027-01-01') }],
      },
    },
    activities: [
      { type: 'meeting', at: T - 10 * DAY, durationMinutes: 60 },
      { type: 'meeting', at: T + DAY, durationMinutes: 600 },
      { type: 'ticket', createdAt: T - 20 * DAY, status: 'closed', priority: 'HIGH', closedAt: T + 5 * DAY },
      { type: 'ticket', createdAt: T - 40 * DAY, status: 'closed', priority: 'LOW', closedAt: T - 30 * DAY },
      { type: 'ticket', createdAt: T + 2 * DAY, status: 'open', priority: 'LOW' },
    ],
    deals: [
      { id: 'd1', won: true, closedAt: d('2025-01-01'), amount: 200_000 },
      { id: 'd2', won: true, closedAt: T + DAY, amount: 300_000 },
    ],
    snapshots: [],
    ...over,
  };
}

describe('state at a past date', () => {
  it('takes each field in force then, activities and deals before, tickets as they stood; untracked changing fields are unknown', () => {
    const r = recordAt(past(), T)!;
    expect(r.arr).toBe(200_000);
    expect(r.featureUsage).toBe(0.3);
    expect(r.contractEnd).toBe(d('2027-01-01'));
    // NPS changes over time and has no history here: unknown then, not today's 50.
    expect(r.nps).toBeNull();
    expect(r.name).toBe('Acme');
    expect(r.activities).toEqual([
      { type: 'meeting', at: T - 10 * DAY, durationMinutes: 60 },
      { type: 'ticket', createdAt: T - 20 * DAY, status: 'open', priority: 'HIGH', closedAt: T + 5 * DAY },
      { type: 'ticket', createdAt: T - 40 * DAY, status: 'closed', priority: 'LOW', closedAt: T - 30 * DAY },
    ]);
    expect(r.deals.map((x) => x.id)).toEqual(['d1']);
  });

  it('cannot rebuild a date before the history reaches', () => {
    expect(recordAt(past(), d('2024-12-31'))).toBeNull();
  });
});

describe('observation at T', () => {
  const compiled = compilePolicy(DEFAULTS_FOR_TESTS);
  const scorer = createScorer(DEFAULTS_FOR_TESTS, T);
  const input = (over: Partial<AccountPast> = {}, churnAt: number | null = null) => ({ past: past(over), churnAt, tierNow: 'growth' });

  it('rescores the state at T: usage 30 % (12), 60 of 120 min (15), one open HIGH ticket (17), no NPS -> 44/90 = 49, at_risk', () => {
    const o = observe(input(), T, 90, scorer, compiled)!;
    expect(o).toMatchObject({ tier: 'growth', score: 49, band: 'at_risk', subScores: [30, 50, 85, null], churned: false, source: 'hubspot_property_history' });
  });

  it("takes crm-pulse's snapshot of that day first", () => {
    const o = observe(input({ snapshots: [{ date: T - 3600_000, score: 85 }] }), T, 90, scorer, compiled)!;
    expect(o).toMatchObject({ score: 85, band: 'healthy', subScores: null, source: 'crm_pulse_snapshots' });
  });

  it('churned in (T, T + horizon]; not a customer once churned or with its contract ended', () => {
    expect(observe(input({}, T + 90 * DAY), T, 90, scorer, compiled)!.churned).toBe(true);
    expect(observe(input({}, T + 91 * DAY), T, 90, scorer, compiled)!.churned).toBe(false);
    expect(observe(input({}, T), T, 90, scorer, compiled)).toBeNull();
    const ended = { ...past().history, fields: { ...past().history.fields, contractEnd: [{ at: d('2025-01-01'), value: T - DAY }] } };
    expect(observe(input({ history: ended }), T, 90, scorer, compiled)).toBeNull();
  });

  it('a state the history cannot rebuild is insufficient_data', () => {
    expect(observe(input(), d('2024-06-01'), 90, scorer, compiled)).toMatchObject({ band: 'insufficient_data', score: null, source: 'none', tier: 'growth' });
  });
});

describe('report', () => {
  const obs = (band: Observation['band'], score: number | null, churned: boolean, tier = 'growth'): Observation => ({ accountId: 'x', at: 0, tier, band, score, subScores: null, churned, source: 'crm_pulse_snapshots' });
  // 10 scored: at_risk 3 (2 churned), watch 3 (1 churned), healthy 4 (0 churned); 2 insufficient (1 churned).
  const all = [
    obs('at_risk', 20, true), obs('at_risk', 40, true), obs('at_risk', 50, false),
    obs('watch', 60, true, 'standard'), obs('watch', 65, false), obs('watch', 70, false),
    obs('healthy', 80, false), obs('healthy', 85, false), obs('healthy', 90, false), obs('healthy', 95, false, 'standard'),
    obs('insufficient_data', null, true), obs('insufficient_data', null, false),
  ];

  it('gives per band the accounts, churned, rate and share; at_risk and at_risk+watch precision, recall, lift; AUC', () => {
    const r = backtestReport(all).overall;
    expect(r).toMatchObject({ accounts: 10, churned: 3, churnRate: 0.3 });
    expect(r.bands).toEqual([
      { band: 'healthy', accounts: 4, churned: 0, churnRate: 0, shareOfChurn: 0 },
      { band: 'watch', accounts: 3, churned: 1, churnRate: 1 / 3, shareOfChurn: 1 / 3 },
      { band: 'at_risk', accounts: 3, churned: 2, churnRate: 2 / 3, shareOfChurn: 2 / 3 },
      { band: 'insufficient_data', accounts: 2, churned: 1, churnRate: 0.5, shareOfChurn: null },
    ]);
    expect(r.atRisk).toEqual({ flagged: 3, precision: 2 / 3, recall: 2 / 3, lift: 2 / 3 / 0.3 });
    expect(r.atRiskOrWatch).toEqual({ flagged: 6, precision: 0.5, recall: 1, lift: 0.5 / 0.3 });
    // Churned 20, 40, 60 against 7 kept (50..95): 20 and 40 below all 7, 60 below 6 of them -> 20/21.
    expect(r.auc).toBe(20 / 21);
  });

  it('per tier too', () => {
    const r = backtestReport(all).byTier;
    expect(Object.keys(r)).toEqual(['growth', 'standard']);
    expect(r.standard).toMatchObject({ accounts: 2, churned: 1, churnRate: 0.5, auc: 1 });
  });
});
