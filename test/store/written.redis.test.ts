// Last written values, the canonical account cache and the digests of what each account was last
// scored from, on the real Redis: pages of accounts in and out in one command each, and corrupt
// entries treated as absent.
import { describe, expect, it } from 'vitest';
import type { Account } from '../../src/model/account.ts';
import type { WriteBackValues } from '../../src/model/write-back.ts';
import { useRedis } from './helpers.ts';

const ctx = useRedis();

const values = (i: number): Partial<WriteBackValues> => ({
  tier: i % 2 ? 'growth' : 'standard',
  healthScore: i % 101,
  healthBand: 'watch',
  healthTrend: null,
  expansionCandidate: i % 3 === 0,
  scoredAt: '2026-11-23T00:00:00.000Z',
});

describe('RedisWrittenValuesStore', () => {
  it('gets and sets a page of 1,000 accounts; never-written accounts are absent', async () => {
    const { written } = ctx.store();
    const ids = Array.from({ length: 1000 }, (_, i) => `a${i}`);
    await written.setMany('c1', ids.map((accountId, i) => ({ accountId, values: values(i) })));
    const got = await written.getMany('c1', [...ids, 'never']);
    expect(got.size).toBe(1000);
    expect(got.get('a7')).toEqual(values(7));
    expect(got.has('never')).toBe(false);
    expect((await written.getMany('c2', ['a7'])).size).toBe(0);
    expect((await written.getMany('c1', [])).size).toBe(0);
  });

  it('replaces an account entry, forgets deleted accounts, and treats a corrupt entry as absent', async () => {
    const { written } = ctx.store();
    await written.setMany('c1', [
      { accountId: 'a1', values: values(1) },
      { accountId: 'a2', values: values(2) },
      { accountId: 'a3', values: values(3) },
    ]);
    await written.setMany('c1', [{ accountId: 'a1', values: { healthScore: 12 } }]);
    await written.deleteMany('c1', ['a2']);
    await ctx.redis.hset(ctx.keys.written('c1'), 'a3', '{"healthScore":"x"');
    await ctx.redis.hset(ctx.keys.written('c1'), 'a4', '{"notAField":1}');
    const got = await written.getMany('c1', ['a1', 'a2', 'a3', 'a4']);
    expect([...got.entries()]).toEqual([['a1', { healthScore: 12 }]]);
  });

  it('refuses values that are not write-back fields', async () => {
    const { written } = ctx.store();
    await expect(written.setMany('c1', [{ accountId: 'a1', values: { nope: 1 } as never }])).rejects.toThrow();
  });
});

describe('RedisAccountCache', () => {
  const account = (id: string): Account => ({ id, name: `Account ${id}`, arr: 120_000, contractEnd: Date.UTC(2027, 0, 31), featureUsage: 0.4, nps: null, inTrial: false });

  it('keeps the last synced canonical account per id, dates and nulls intact', async () => {
    const { accounts } = ctx.store();
    await accounts.setMany('c1', [account('1'), account('2'), account('3')]);
    await accounts.setMany('c1', [{ ...account('2'), name: 'Renamed' }]);
    await accounts.deleteMany('c1', ['3']);
    const got = await accounts.getMany('c1', ['1', '2', '3', '4']);
    expect([...got.keys()]).toEqual(['1', '2']);
    expect(got.get('1')).toEqual(account('1'));
    expect(got.get('2')?.name).toBe('Renamed');
  });

  it('leaves out corrupt entries and entries stored under another id', async () => {
    const { accounts } = ctx.store();
    await ctx.redis.hset(ctx.keys.accounts('c1'), '1', '{"id":"1","arr":-5}', '2', JSON.stringify(account('9')), '3', 'nope');
    expect((await accounts.getMany('c1', ['1', '2', '3'])).size).toBe(0);
  });

  it('tells which accounts hold the values they were last scored from, whatever their field order', async () => {
    const { accounts } = ctx.store();
    await accounts.markScored('c1', [account('1'), account('2'), account('3')]);
    const reordered: Account = { inTrial: false, nps: null, featureUsage: 0.4, contractEnd: Date.UTC(2027, 0, 31), arr: 120_000, name: 'Account 1', id: '1' };
    const unchanged = await accounts.unchangedSinceScored('c1', [reordered, { ...account('2'), arr: 130_000 }, account('3'), account('4')]);
    expect([...unchanged]).toEqual(['1', '3']);
    // A value that was absent and one that is null are the same "no data".
    expect(await accounts.unchangedSinceScored('c1', [{ ...account('3'), industry: null }])).toEqual(new Set(['3']));
    await accounts.deleteMany('c1', ['3']);
    expect(await accounts.unchangedSinceScored('c1', [account('3')])).toEqual(new Set());
    expect(await accounts.unchangedSinceScored('c2', [account('1')])).toEqual(new Set());
  });
});

describe('RedisDefinitionCache', () => {
  it('keeps a definition with its time per connection, forgets a connection\'s on clear, and reads a corrupt one as absent', async () => {
    const { definitions } = ctx.store();
    await definitions.set('c1', 'hubspot.stages', { savedAt: 5, value: { dealWon: [['won', true]] } });
    await definitions.set('c2', 'hubspot.stages', { savedAt: 6, value: [] });
    expect(await definitions.get('c1', 'hubspot.stages')).toEqual({ savedAt: 5, value: { dealWon: [['won', true]] } });
    await definitions.clear('c1');
    expect(await definitions.get('c1', 'hubspot.stages')).toBeNull();
    expect(await definitions.get('c2', 'hubspot.stages')).toEqual({ savedAt: 6, value: [] });
    await ctx.redis.hset(ctx.keys.definitions('c2'), 'hubspot.stages', '{"value":1}');
    expect(await definitions.get('c2', 'hubspot.stages')).toBeNull();
  });
});
