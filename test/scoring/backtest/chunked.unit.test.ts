import { describe, expect, it } from 'vitest';
import { DEFAULTS_FOR_TESTS } from './helpers.ts';
import { BacktestTally, runBacktest, type BacktestRules } from '../../../src/scoring/index.ts';
import { seededPasts } from './seeded.ts';

const AS_OF = Date.parse('2026-11-23T12:00:00.000Z');
const RULES: BacktestRules = { policy: DEFAULTS_FOR_TESTS, now: AS_OF, range: { months: 14, stepDays: 30, horizonDays: 90 }, churnedAtMapped: false };
const REACH = { source: 'hubspot_property_history' as const, since: 0 };

describe('the backtest in chunks', () => {
  const pasts = seededPasts(600, AS_OF, 11);
  const whole = runBacktest({ ...RULES, ...REACH, accounts: pasts });

  it('covers what the comparison needs: churn, bands from snapshots and rescored, a fit, retention', () => {
    expect(whole.dates).toHaveLength(12);
    expect(whole.report.overall.churned).toBeGreaterThan(20);
    expect(whole.report.overall.bands.every((b) => b.band === 'insufficient_data' || b.accounts > 0)).toBe(true);
    expect(whole.suggested.fit.auc).not.toBeNull();
    expect(whole.retention.overall.status).toBe('ok');
  });

  it('gives the report of the whole portfolio at once, whatever the chunk size and order', () => {
    for (const size of [1, 37, 250]) {
      const chunks = Array.from({ length: Math.ceil(pasts.length / size) }, (_, i) => pasts.slice(i * size, (i + 1) * size));
      for (const order of [chunks, [...chunks].reverse()]) {
        const tally = new BacktestTally(RULES);
        for (const chunk of order) tally.add(chunk);
        expect(tally.result(REACH)).toEqual(whole);
      }
    }
  });
});
