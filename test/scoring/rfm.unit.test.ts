import { describe, expect, it } from 'vitest';
import { DAY_MS } from '../../src/model/dates.ts';
import { DEFAULTS } from '../../src/model/policy.ts';
import { quintiles, RfmRanking, rfmLabel, rfmSegments, type RfmInput } from '../../src/scoring/rfm.ts';
import { AS_OF, record, wonDeal } from './fixtures.ts';

/** Won deals `daysAgo` before asOf, each of `amount`. */
function account(id: string, daysAgo: number[], amount = 1000): RfmInput {
  return { id, deals: record({ deals: daysAgo.map((d, i) => wonDeal(`${id}-${i}`, AS_OF - d * DAY_MS, amount)) }).deals };
}

describe('quintiles', () => {
  it('ranks 1 (lowest) to 5 (highest)', () => {
    expect(quintiles([10, 20, 30, 40, 50])).toEqual([1, 2, 3, 4, 5]);
    expect(quintiles([50, 10, 40, 20, 30])).toEqual([5, 1, 4, 2, 3]);
    expect(quintiles([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
  });

  it('gives ties the lower quintile', () => {
    expect(quintiles([5, 5, 5, 5, 1])).toEqual([2, 2, 2, 2, 1]);
    expect(quintiles([7, 7, 7])).toEqual([1, 1, 1]);
    expect(quintiles([1, 2, 2, 2, 3])).toEqual([1, 2, 2, 2, 5]);
  });

  it('handles one value and none', () => {
    expect(quintiles([42])).toEqual([1]);
    expect(quintiles([])).toEqual([]);
  });
});

describe('RFM labels', () => {
  it.each([
    [5, 5, 5, 'champion'],
    [4, 4, 4, 'champion'],
    [3, 4, 5, 'loyal'],
    [5, 5, 3, 'loyal'],
    [1, 4, 1, 'loyal'],
    [2, 3, 5, 'at_risk'],
    [1, 3, 1, 'at_risk'],
    [2, 2, 5, 'hibernating'],
    [1, 1, 1, 'hibernating'],
    [4, 1, 1, 'new'],
    [5, 1, 5, 'new'],
    [3, 1, 1, 'potential'],
    [3, 3, 3, 'potential'],
    [4, 2, 5, 'potential'],
    [5, 3, 5, 'potential'],
  ])('R%d F%d M%d -> %s', (r, f, m, label) => {
    expect(rfmLabel(r, f, m)).toBe(label);
  });
});

describe('rfmSegments over a portfolio', () => {
  const portfolio: RfmInput[] = [
    account('newbie', [1], 50),
    account('champ', [5, 50, 100, 200, 300]),
    account('fading', [600, 650, 700]),
    account('steady', [100, 150, 200, 250]),
    account('sleepy', [500], 100),
    // No win within 24 months (730 days): no segment and not ranked.
    account('old', [731, 900], 1_000_000),
    { id: 'lost', deals: record({ deals: [{ id: 'l1', won: false, closedAt: AS_OF - DAY_MS, amount: 5000 }] }).deals },
    { id: 'none', deals: [] },
  ];

  it('labels each account and writes the text', () => {
    const seg = rfmSegments(portfolio, AS_OF, DEFAULTS);
    expect(Object.fromEntries([...seg].map(([id, s]) => [id, s.text]))).toEqual({
      newbie: 'new R5F1M1',
      champ: 'champion R4F5M5',
      fading: 'at_risk R1F3M3',
      steady: 'loyal R3F4M4',
      sleepy: 'hibernating R2F1M2',
    });
    expect(seg.get('champ')).toEqual({ r: 4, f: 5, m: 5, label: 'champion', text: 'champion R4F5M5' });
  });

  it('gives no segment to accounts without wins in 24 months', () => {
    const seg = rfmSegments(portfolio, AS_OF, DEFAULTS);
    expect(seg.has('old')).toBe(false);
    expect(seg.has('lost')).toBe(false);
    expect(seg.has('none')).toBe(false);
    expect(seg.size).toBe(5);
  });

  it('counts only wins inside (asOf - 730 days, asOf]', () => {
    const seg = rfmSegments([account('a', [730, 10]), account('b', [729, 10]), { id: 'future', deals: account('f', [-5]).deals }], AS_OF, DEFAULTS);
    expect(seg.has('future')).toBe(false);
    // a has one win in the window, b two: b ranks higher on frequency.
    expect(seg.get('a')!.f).toBe(1);
    expect(seg.get('b')!.f).toBe(3);
  });

  it('counts calendar days, so the segments hold still through a day', () => {
    // Five wins three days back at 01:00 to 17:00 UTC. Counted in elapsed days they fall on 3 or 2
    // days ago depending on the hour asked at (03:00: one win 3 days old, 15:00: four), and the
    // quintiles moved with the clock; counted in dates they are all three days old, at any hour.
    const day = Math.floor(AS_OF / DAY_MS) * DAY_MS;
    const hour = 3_600_000;
    const wins = [1, 5, 9, 13, 17].map((h, i) => ({ id: `w${h}`, deals: record({ deals: [wonDeal(`w${h}`, day - 3 * DAY_MS + h * hour, 1000 + i)] }).deals }));
    const at = (h: number) => Object.fromEntries([...rfmSegments(wins, day + h * hour, DEFAULTS)].map(([id, s]) => [id, s.text]));
    expect(at(15)).toEqual(at(3));
    expect(new Set(Object.values(at(3)).map((t) => t.replace(/F.*/, '')))).toEqual(new Set(['hibernating R1']));
    // The next day every win is a day older: the order, hence the segments, stays.
    expect(at(24 + 3)).toEqual(at(3));
  });

  it('ties share the lower quintile', () => {
    const seg = rfmSegments([account('a', [10]), account('b', [10]), account('c', [10]), account('d', [10]), account('e', [10])], AS_OF, DEFAULTS);
    expect([...seg.values()].map((s) => s.text)).toEqual(Array(5).fill('hibernating R1F1M1'));
  });

  it('is deterministic and independent of the input order', () => {
    const a = rfmSegments(portfolio, AS_OF, DEFAULTS);
    const b = rfmSegments(portfolio, AS_OF, DEFAULTS);
    const c = rfmSegments([...portfolio].reverse(), AS_OF, DEFAULTS);
    expect([...b]).toEqual([...a]);
    expect(Object.fromEntries(c)).toEqual(Object.fromEntries(a));
  });
});

describe('RfmRanking, fed one account at a time', () => {
  const portfolio: RfmInput[] = [account('newbie', [1], 50), account('champ', [5, 50, 100, 200, 300]), account('fading', [600, 650, 700]), account('steady', [100, 150, 200, 250]), account('sleepy', [500], 100)];

  it('gives each account the segment the whole-portfolio ranking gives it', () => {
    const ranking = new RfmRanking(AS_OF, DEFAULTS);
    for (const a of portfolio) ranking.add(a.id, a.deals);
    const whole = rfmSegments(portfolio, AS_OF, DEFAULTS);
    for (const a of portfolio) expect(ranking.segment(a.id)).toEqual(whole.get(a.id));
    expect([...ranking.ranked()].sort()).toEqual([...whole.keys()].sort());
  });

  it('counts an account added twice once, as last given', () => {
    const ranking = new RfmRanking(AS_OF, DEFAULTS);
    for (const a of portfolio) ranking.add(a.id, a.deals);
    ranking.add('champ', account('champ', [5, 50, 100, 200, 300]).deals);
    expect(ranking.segment('champ')!.text).toBe('champion R4F5M5');
    expect([...ranking.ranked()]).toHaveLength(5);
  });

  it('re-ranks when an account comes in after a segment was asked for', () => {
    const ranking = new RfmRanking(AS_OF, DEFAULTS);
    ranking.add('a', account('a', [10]).deals);
    expect(ranking.segment('a')!.r).toBe(1);
    ranking.add('b', account('b', [400]).deals);
    expect(ranking.segment('a')!.r).toBe(3);
    expect(ranking.segment('b')!.r).toBe(1);
    expect(ranking.segment('old')).toBeUndefined();
  });
});
