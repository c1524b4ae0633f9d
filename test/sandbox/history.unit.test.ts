// historyYears: older history (about 40 activities a year) outside every window the rules read,
// drawn apart from the recent activities, so the pure engine's scores and tasks do not move.
import { describe, expect, it } from 'vitest';
import { portfolio } from '../../src/sandbox/generate.ts';
import { DAY_MS } from '../../src/sandbox/portfolio.ts';
import { expectedTasks } from '../e2e/expected.ts';

const ASOF = Date.UTC(2026, 10, 23, 12);
const base = { accounts: 200, asOf: ASOF, seed: 3 };

describe('sandbox history years', () => {
  it('adds about 40 activities a year before the recent span, closed tickets only, and leaves the recent ones alone', () => {
    const recent = [...portfolio(base)];
    const old = [...portfolio({ ...base, historyYears: 5 })];
    for (const [i, a] of old.entries()) {
      const r = recent[i]!;
      const added = a.engagements.length + a.tickets.length - r.engagements.length - r.tickets.length;
      expect(added).toBe(Math.round((40 * (5 * 365 - 120)) / 365));
      expect(a.engagements.slice(0, r.engagements.length)).toEqual(r.engagements);
      for (const e of a.engagements.slice(r.engagements.length)) expect(e.at).toBeLessThan(ASOF - 120 * DAY_MS);
      for (const t of a.tickets.slice(r.tickets.length)) expect(t.closed && t.createdAt < ASOF - 120 * DAY_MS).toBe(true);
      expect(a.deals).toEqual(r.deals);
    }
  });

  it("changes none of the engine's tasks (the e2e expectations)", () => {
    const m = { inTrial: false, closeDay: false };
    const none = expectedTasks(base, m);
    expect(expectedTasks({ ...base, historyYears: 2 }, m)).toEqual(none);
    expect(expectedTasks({ ...base, historyYears: 5 }, m)).toEqual(none);
  });
});
