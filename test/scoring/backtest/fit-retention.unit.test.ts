import { describe, expect, it } from 'vitest';
import { DEFAULTS } from '../../../src/model/policy.ts';
import { compareWeights, retentionFigures, retentionReport, suggestWeights, weightedScore, weightGrid, type Observation, type RetentionAccount } from '../../../src/scoring/index.ts';

const row = (subScores: (number | null)[], churned: boolean): Observation => ({ accountId: 'x', at: 0, tier: 'growth', band: 'watch', score: null, subScores, churned, source: 'hubspot_property_history' });

describe('suggested weights', () => {
  it('searches the 286 vectors of multiples of 10 summing to 100', () => {
    const grid = weightGrid(10);
    expect(grid).toHaveLength(286);
    expect(grid.every((w) => w.usage + w.engagement + w.tickets + w.nps === 100)).toBe(true);
  });

  it('keeps the current weights when they already rank perfectly (ties go to the nearest)', () => {
    const rows = [row([10, 50, 50, 50], true), row([20, 50, 50, 50], true), row([80, 50, 50, 50], false), row([90, 50, 50, 50], false)];
    expect(suggestWeights(rows, DEFAULTS.health.weights)).toMatchObject({ weights: DEFAULTS.health.weights, auc: 1, observations: 4 });
  });

  it('moves weight to the measure that predicts: churned score 100 - tickets weight, kept score the tickets weight, so AUC 1 needs tickets >= 60', () => {
    const rows = [row([100, 100, 0, 100], true), row([0, 0, 100, 0], false)];
    const fit = suggestWeights(rows, DEFAULTS.health.weights);
    expect(fit.auc).toBe(1);
    // The nearest such vector to 40/30/20/10 moves 40 points onto tickets.
    expect(fit.weights.tickets).toBe(60);
    expect(fit.weights.usage + fit.weights.engagement + fit.weights.nps).toBe(40);
  });

  it('compares both policies on the held-out rows, rescored as section 3 scores', () => {
    // Under 40/30/20/10: churned (100,100,0,100) = 80 healthy, kept (0,0,100,0) = 20 at_risk.
    // Under 0/0/100/0: churned 0 at_risk, kept 100 healthy.
    const rows = [row([100, 100, 0, 100], true), row([0, 0, 100, 0], false)];
    const c = compareWeights(rows, { usage: 0, engagement: 0, tickets: 100, nps: 0 }, DEFAULTS.health);
    expect(c.current).toMatchObject({ auc: 0, atRisk: { flagged: 1, precision: 0, recall: 0 } });
    expect(c.suggested).toMatchObject({ auc: 1, atRisk: { flagged: 1, precision: 1, recall: 1, lift: 2 } });
    expect(weightedScore([55, 33.33, 90, null], DEFAULTS.health.weights, 0.5)).toBe(Math.floor((40 * 55 + 30 * 33.33 + 20 * 90) / 90 + 0.5));
    expect(weightedScore([null, 33.33, 90, null], DEFAULTS.health.weights, 0.5)).toBeNull();
  });
});

describe('retention metrics (DOMAIN section 10)', () => {
  const acct = (over: Partial<RetentionAccount>): RetentionAccount => ({ tier: 'growth', band: 'watch', customerAtStart: true, arrStart: 100_000, arrEnd: 100_000, churnedInWindow: false, ...over });
  // Start: 4 customers, 100k + 200k + 300k + 400k = 1,000k. The 200k one churned; 300k grew to 360k; 400k shrank to 340k.
  const accounts = [acct({}), acct({ arrStart: 200_000, arrEnd: 200_000, churnedInWindow: true, band: 'at_risk' }), acct({ arrStart: 300_000, arrEnd: 360_000 }), acct({ arrStart: 400_000, arrEnd: 340_000, tier: 'strategic' }), acct({ customerAtStart: false, arrStart: null, arrEnd: 900_000 })];

  it('gross dollar churn, NRR, LTV capped at 10 years, and no CAC figures without a CAC', () => {
    const f = retentionFigures(accounts, DEFAULTS.retention, null);
    expect(f).toEqual({
      customersAtStart: 4,
      churned: 1,
      arrAtStart: 1_000_000,
      grossDollarChurn: 0.2,
      netRevenueRetention: 0.8, // (100 + 0 + 360 + 340) / 1000
      logoChurnRate: 0.25,
      averageArr: 250_000,
      ltv: 800_000, // 250k x 0.8 / 0.25
      cac: null,
      ltvToCac: null,
      cacPaybackMonths: null,
    });
    // No churn: the lifetime is capped at 10 years of ARR.
    expect(retentionFigures([acct({})], DEFAULTS.retention, null).ltv).toBe(1_000_000);
  });

  it('LTV/CAC and payback from the policy CAC, one number or per tier', () => {
    const f = retentionFigures(accounts, { ...DEFAULTS.retention, cac: 200_000 }, null);
    expect(f.ltvToCac).toBe(4);
    expect(f.cacPaybackMonths).toBe(12); // 200k / (250k x 0.8 / 12)
    expect(retentionFigures(accounts, { ...DEFAULTS.retention, cac: { growth: 100_000 } }, 'growth').cac).toBe(100_000);
    expect(retentionFigures(accounts, { ...DEFAULTS.retention, cac: { growth: 100_000 } }, null).cac).toBeNull();
  });

  it('says "not enough history" for a window the history does not reach, by tier and band too', () => {
    const from = Date.parse('2025-11-23T00:00:00Z');
    const to = Date.parse('2026-11-23T00:00:00Z');
    const short = retentionReport({ accounts, from, to, source: 'crm_pulse_snapshots', historySince: from + 1 }, DEFAULTS.retention);
    expect(short.overall.status).toBe('not_enough_history');
    expect(Object.values(short.byTier).every((g) => g.status === 'not_enough_history')).toBe(true);
    const full = retentionReport({ accounts, from, to, source: 'hubspot_property_history', historySince: from }, DEFAULTS.retention);
    expect(full).toMatchObject({ source: 'hubspot_property_history', window: { days: 365 } });
    expect(Object.keys(full.byTier)).toEqual(['growth', 'strategic']);
    expect(Object.keys(full.byBand)).toEqual(['at_risk', 'watch']);
    expect(full.byBand.at_risk).toMatchObject({ status: 'ok', figures: { grossDollarChurn: 1 } });
  });
});
