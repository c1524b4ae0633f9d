import { describe, expect, it } from 'vitest';
import { ImpactTally, movement, type ImpactEntry, type ImpactSide } from '../../src/scoring/impact.ts';

const side = (score: number | null, band: ImpactSide['band'], tier = 'growth', signals: string[] = []): ImpactSide => ({ score, band, tier, why: `Health ${score ?? 'n/a'} ${band}`, signals });
const entry = (id: string, before: ImpactSide, after: ImpactSide, arr: number | null = 1000, created: ImpactEntry['created'] = []): ImpactEntry => ({ accountId: id, name: `Account ${id}`, arr, before, after, created });

describe('impact tally', () => {
  it('counts band and tier moves with their ARR, unchanged cells included', () => {
    const t = new ImpactTally();
    t.add(entry('a', side(70, 'watch'), side(55, 'at_risk'), 500));
    t.add(entry('b', side(72, 'watch'), side(50, 'at_risk'), null));
    t.add(entry('c', side(90, 'healthy'), side(90, 'healthy', 'strategic'), 2000));
    const r = t.result();
    expect(r.accounts).toBe(3);
    expect(r.bands).toEqual([
      { from: 'healthy', to: 'healthy', count: 1, arr: 2000 },
      { from: 'watch', to: 'at_risk', count: 2, arr: 500 },
    ]);
    expect(r.tiers).toEqual([
      { from: 'growth', to: 'growth', count: 2, arr: 500 },
      { from: 'growth', to: 'strategic', count: 1, arr: 2000 },
    ]);
  });

  it('counts signals that start and stop, and tasks by kind (every kind listed)', () => {
    const t = new ImpactTally();
    t.add(entry('a', side(70, 'watch', 'growth', ['NO_LOGIN']), side(70, 'watch', 'growth', ['HEALTH_DROP']), 1, ['rescue']));
    t.add(entry('b', side(70, 'watch', 'growth', ['NO_LOGIN']), side(70, 'watch', 'growth', ['NO_LOGIN']), 1, ['rescue', 'renewal']));
    const r = t.result();
    expect(r.signals).toEqual([
      { signal: 'HEALTH_DROP', starts: 1, stops: 0 },
      { signal: 'NO_LOGIN', starts: 0, stops: 1 },
    ]);
    expect(r.tasks).toEqual([
      { kind: 'renewal', count: 1 },
      { kind: 'rescue', count: 2 },
      { kind: 'handoff', count: 0 },
      { kind: 'validation', count: 0 },
    ]);
  });

  it('keeps the top movers only, largest move first, the same in any order of accounts', () => {
    const entries = Array.from({ length: 50 }, (_, i) => entry(`a${i}`, side(50, 'at_risk'), side(50 + (i % 17), i % 17 >= 10 ? 'watch' : 'at_risk'), i));
    entries.push(entry('gained', side(null, 'insufficient_data'), side(40, 'at_risk')));
    const forward = new ImpactTally(5);
    const backward = new ImpactTally(5);
    for (const e of entries) forward.add(e);
    for (const e of [...entries].reverse()) backward.add(e);
    const ids = forward.result().movers.map((m) => m.accountId);
    expect(ids).toEqual(backward.result().movers.map((m) => m.accountId));
    // Gaining a score outranks any change of score; then 16 points and a band, then 15, larger ARR first.
    expect(ids).toEqual(['gained', 'a33', 'a16', 'a49', 'a32']);
    expect(forward.result().movers[0]).toEqual({ accountId: 'gained', name: 'Account gained', before: { score: null, band: 'insufficient_data', tier: 'growth', why: 'Health n/a insufficient_data' }, after: { score: 40, band: 'at_risk', tier: 'growth', why: 'Health 40 at_risk' } });
  });

  it('an account that does not move is not a mover; one relabelled at the same score is', () => {
    expect(movement(side(60, 'watch'), side(60, 'watch'))).toBe(0);
    expect(movement(side(60, 'watch'), side(60, 'at_risk'))).toBe(0.5);
    const t = new ImpactTally();
    t.add(entry('same', side(60, 'watch'), side(60, 'watch')));
    expect(t.result().movers).toEqual([]);
  });
});
