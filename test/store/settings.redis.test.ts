// A connection's mapping and policy on the real Redis: validated when stored and when read back;
// and the mark of a settings change a full run must still apply.
import { describe, expect, it } from 'vitest';
import { ConnectionError } from '../../src/model/errors.ts';
import { PolicyError } from '../../src/model/policy.ts';
import { useRedis } from './helpers.ts';

const ctx = useRedis();

const mapping = {
  account: {
    arr: { field: 'annual_contract_value', transform: 'number' },
    featureUsage: { field: 'feature_usage_pct', transform: 'percent' },
  },
};

describe('RedisMappingStore', () => {
  it('stores a valid mapping and reads it back', async () => {
    const store = ctx.store();
    expect(await store.mappings.get('c1')).toBeNull();
    const put = await store.mappings.put('c1', mapping);
    expect(put).toEqual(mapping);
    expect(await store.mappings.get('c1')).toEqual(mapping);
    await store.mappings.delete('c1');
    expect(await store.mappings.get('c1')).toBeNull();
  });

  it('refuses an invalid mapping, naming every problem', async () => {
    const store = ctx.store();
    const bad = { account: { arr: { field: 'acv', transform: 'date' }, nps: { field: '', transform: 'number' } } };
    const error = await store.mappings.put('c1', bad).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as ConnectionError).code).toBe('BAD_MAPPING');
    expect((error as Error).message).toMatch(/account\.arr\.transform/);
    expect((error as Error).message).toMatch(/account\.nps\.field/);
    expect(await store.mappings.get('c1')).toBeNull();
  });

  it('stops on a stored mapping that no longer validates', async () => {
    const store = ctx.store();
    await ctx.redis.set(ctx.keys.mapping('c1'), JSON.stringify({ account: { arr: { field: 'x', transform: 'nope' } } }));
    await expect(store.mappings.get('c1')).rejects.toThrow(/the stored mapping of connection c1 is invalid/);
    await ctx.redis.set(ctx.keys.mapping('c1'), '{');
    await expect(store.mappings.get('c1')).rejects.toThrow(/is not JSON/);
  });
});

describe('RedisPolicyStore', () => {
  it('keeps the partial policy and resolves it over the defaults', async () => {
    const store = ctx.store();
    expect(await store.policies.get('c1')).toBeNull();
    const partial = { health: { bands: { healthy: 75, watch: 55 } } };
    const put = await store.policies.put('c1', partial);
    expect(put.partial).toEqual(partial);
    expect(put.policy.health.bands).toEqual({ healthy: 75, watch: 55 });
    expect(put.policy.health.weights).toEqual({ usage: 40, engagement: 30, tickets: 20, nps: 10 });
    expect(JSON.parse((await ctx.redis.get(ctx.keys.policy('c1')))!)).toEqual(partial);
    expect(await store.policies.get('c1')).toEqual(put);
  });

  it('refuses an invalid policy with every problem, and stops on a corrupt stored one', async () => {
    const store = ctx.store();
    const error = await store.policies.put('c1', { health: { bands: { healthy: 50, watch: 70 } }, typo: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PolicyError);
    expect((error as PolicyError).problems.join('\n')).toMatch(/watch must not be above healthy/);
    expect((error as PolicyError).problems.join('\n')).toMatch(/typo/);
    await ctx.redis.set(ctx.keys.policy('c1'), '[1,2]');
    await expect(store.policies.get('c1')).rejects.toThrow(/the stored policy of connection c1 is invalid/);
    await ctx.redis.set(ctx.keys.policy('c1'), 'not json');
    await expect(store.policies.get('c1')).rejects.toThrow(PolicyError);
  });
});

describe('RedisPendingRunStore', () => {
  it('keeps one mark per connection, and clears only the mark it was given', async () => {
    const store = ctx.store();
    expect(await store.pendingRuns.get('c1')).toBeNull();
    const first = await store.pendingRuns.mark('c1', 'field mapping changed');
    expect(await store.pendingRuns.get('c1')).toEqual({ token: first, reason: 'field mapping changed' });
    const second = await store.pendingRuns.mark('c1', 'scoring policy changed');
    // A sync that saw the first mark does not clear the change made after it.
    await store.pendingRuns.clear('c1', first);
    expect(await store.pendingRuns.get('c1')).toEqual({ token: second, reason: 'scoring policy changed' });
    await store.pendingRuns.clear('c1', second);
    expect(await store.pendingRuns.get('c1')).toBeNull();
  });

  it('reads a mark it cannot parse as a change still to apply', async () => {
    const store = ctx.store();
    await ctx.redis.set(ctx.keys.pendingFullRun('c1'), 'garbled');
    expect(await store.pendingRuns.get('c1')).toEqual({ token: 'garbled', reason: 'settings changed' });
    await store.pendingRuns.clear('c1', 'garbled');
    expect(await store.pendingRuns.get('c1')).toBeNull();
  });
});
