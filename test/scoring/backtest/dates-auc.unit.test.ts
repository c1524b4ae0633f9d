import { describe, expect, it } from 'vitest';
import { asOfDates, auc, splitDates } from '../../../src/scoring/index.ts';

const DAY = 86_400_000;

describe('as-of dates', () => {
  it('every 30 days back 12 months, only those whose 90-day horizon has passed, oldest first', () => {
    const now = Date.parse('2026-11-23T12:00:00.000Z');
    const dates = asOfDates(now, { months: 12, stepDays: 30, horizonDays: 90 });
    // k = 3 (90 days back, horizon just passed) to k = 12 (360 days; 390 is before 2025-11-23).
    expect(dates).toEqual([12, 11, 10, 9, 8, 7, 6, 5, 4, 3].map((k) => now - k * 30 * DAY));
    expect(splitDates(dates)).toEqual({ fit: dates.slice(0, 7), heldOut: dates.slice(7) });
  });

  it('a horizon longer than the months leaves no date', () => {
    expect(asOfDates(Date.parse('2026-11-23T00:00:00Z'), { months: 2, stepDays: 30, horizonDays: 90 })).toEqual([]);
  });
});

describe('AUC (a lower score should mean churn)', () => {
  it('counts the pairs where the churned account scored lower, ties half', () => {
    // Churned 10 and 50, kept 30, 50, 70: pairs lower 10<30, 10<50, 10<70, 50<70, tie 50=50 -> 4.5 / 6.
    const items = [
      { score: 10, churned: true },
      { score: 50, churned: true },
      { score: 30, churned: false },
      { score: 50, churned: false },
      { score: 70, churned: false },
    ];
    expect(auc(items)).toBe(0.75);
  });

  it('is 1 for a perfect ranking, 0 for an inverted one, null without both outcomes', () => {
    expect(auc([{ score: 1, churned: true }, { score: 2, churned: false }])).toBe(1);
    expect(auc([{ score: 3, churned: true }, { score: 2, churned: false }])).toBe(0);
    expect(auc([{ score: 3, churned: false }])).toBeNull();
  });
});
