// The store parts the pipeline added: each account's latest score (read back by the admin API and
// the record card, tasks and activity summary left out) and its wins (read back by the RFM step).
import { describe, expect, it } from 'vitest';
import { scoreAccount } from '../../src/scoring/score.ts';
import { DEFAULTS } from '../../src/model/policy.ts';
import { useRedis } from './helpers.ts';

const ctx = useRedis();
const AS_OF = Date.UTC(2026, 10, 23, 23, 59, 59, 999);

describe('scores', () => {
  it('keeps the latest score with its explanation, without tasks or activity summary', async () => {
    const store = ctx.store();
    const result = scoreAccount({ id: 'a1', arr: 250_000, featureUsage: 0.5, activities: [], deals: [], snapshots: [], tasks: [] }, DEFAULTS, AS_OF);
    await store.scores.setMany('c1', [result]);
    const stored = await store.scores.get('c1', 'a1');
    expect(stored).toMatchObject({ accountId: 'a1', tier: 'growth', why: result.why, health: { score: result.health.score, band: result.health.band, measures: result.health.measures } });
    expect(stored).not.toHaveProperty('tasks');
    expect(stored).not.toHaveProperty('activity');
    expect(await store.scores.get('c1', 'a2')).toBeNull();
    await ctx.redis.hset(store.keys.scores('c1'), 'a3', '{"accountId":"a3"}');
    expect(await store.scores.get('c1', 'a3')).toBeNull();
  });
});

describe('wins', () => {
  it('keeps accounts with wins, drops those that lost them, and scans them all', async () => {
    const store = ctx.store();
    const entries = Array.from({ length: 2_500 }, (_, i) => ({ accountId: `a${i}`, wins: [[AS_OF - i, i % 2 ? null : 1000 + i]] as [number, number | null][] }));
    await store.wins.setMany('c1', entries);
    await store.wins.setMany('c1', [{ accountId: 'a0', wins: [] }]);
    const seen = new Map<string, unknown>();
    for await (const page of store.wins.scan('c1')) for (const e of page) seen.set(e.accountId, e.wins);
    expect(seen.size).toBe(2_499);
    expect(seen.has('a0')).toBe(false);
    expect(seen.get('a3')).toEqual([[AS_OF - 3, null]]);
    await store.forgetAccounts('c1', ['a1']);
    let left = 0;
    for await (const page of store.wins.scan('c1')) left += page.length;
    expect(left).toBe(2_498);
  });
});
