// The key layout: every part of the store writes only under the prefix, in the documented keys,
// and a Redis Cluster hash tag as prefix works as any other.
import { describe, expect, it } from 'vitest';
import { Keys } from '../../src/store/keys.ts';
import { prefixProblem } from '../../src/config/redis-prefix.ts';
import { deleteMatching } from '../../src/store/redis.ts';
import type { Store } from '../../src/store/index.ts';
import { keysUnder, useRedis } from './helpers.ts';

const ctx = useRedis();

async function useEveryPart(store: Store): Promise<void> {
  await store.connections.put({ id: 'c1', kind: 'hubspot', crmAccountId: '4711', credentials: { accessToken: 't' } });
  await store.mappings.put('c1', { account: {} });
  await store.policies.put('c1', {});
  await store.checkpoints.set('c1', 'accounts', { after: null });
  await store.written.setMany('c1', [{ accountId: 'a1', values: { healthScore: 1 } }]);
  await store.accounts.setMany('c1', [{ id: 'a1' }]);
  await store.snapshots.putMany('c1', [{ accountId: 'a1', at: 0, score: 1, nps: null }]);
  await store.wins.setMany('c1', [{ accountId: 'a1', wins: [[0, 100]] }]);
  await store.tasks.reserve('c1', [{ key: 'rescue:a1:1970-01-01', accountId: 'a1', kind: 'rescue', dealId: null, at: 0, createdAt: 0 }]);
  await store.runs.save({ id: 'r1', connectionId: 'c1', mode: 'full', dryRun: false, status: 'running', startedAt: 0, endedAt: null, counts: {}, apiCalls: {}, errors: [] });
  await store.audit.append('c1', [{ kind: 'fields', at: 0, runId: 'r1', reason: 'test', accountId: 'a1', changes: {} }]);
  await store.webhookEvents.record('c1', [{ eventId: 'e1', changes: [{ on: 'company', id: 'a1', what: 'values' }] }], 0);
  await store.histories.setMany('c1', new Map([['a1', { readAt: 0, windows: '90:90', activities: [], deals: [] }]]));
  await store.backtests.set('c1', { computedAt: 0, day: '1970-01-01', policyDigest: 'd', report: {} });
}

describe('key layout', () => {
  it('puts every key of every part under the prefix, as keys.ts documents', async () => {
    await useEveryPart(ctx.store());
    const state = await ctx.store().oauthStates.create({ crm: 'hubspot', connectionId: null, returnTo: null }, '203.0.113.1');
    expect(await keysUnder(ctx)).toEqual(
      [
        'conn:c1',
        'conn:c1:accounts',
        'conn:c1:audit',
        'conn:c1:backtest',
        'conn:c1:checkpoints',
        'conn:c1:histories',
        'conn:c1:webhooks:pending',
        'conn:c1:webhooks:seq',
        'conn:c1:mapping',
        'conn:c1:policy',
        'conn:c1:runs',
        'conn:c1:runs:order',
        'conn:c1:snapshots',
        'conn:c1:wins',
        'conn:c1:tasks',
        'conn:c1:tasks:account:a1',
        'conn:c1:tasks:pending',
        'conn:c1:written',
        'connections',
        'connections:crm-accounts',
        `oauth-state:${state}`,
        'oauth-states-live',
        'oauth-rate:203.0.113.1',
        'webhook-seen:c1:e1',
      ].sort(),
    );
  });

  it('works under a Redis Cluster hash-tag prefix', async () => {
    const prefix = `{${ctx.prefix}}`;
    try {
      const store = ctx.store({ prefix });
      await useEveryPart(store);
      expect((await store.connections.get('c1'))?.credentials).toEqual({ accessToken: 't' });
      // One SCAN call covers only part of the keyspace (other tests and benchmarks share this
      // Redis), so follow the cursor to the end.
      const keys: string[] = [];
      let cursor = '0';
      do {
        const [next, found] = await ctx.redis.scan(cursor, 'MATCH', new Keys(prefix).everything(), 'COUNT', 1000);
        keys.push(...found);
        cursor = next;
      } while (cursor !== '0');
      expect(keys.length).toBeGreaterThan(10);
      expect(keys.every((k) => k.startsWith(`${prefix}:`))).toBe(true);
    } finally {
      await deleteMatching(ctx.redis, new Keys(prefix).everything());
    }
  });

  it('accepts sensible prefixes and names what is wrong with the others', () => {
    for (const ok of ['crm-pulse', '{crm-pulse}', 'acme:crm-pulse', 'crm-pulse.{prod}', 'a_b']) expect(prefixProblem(ok)).toBeNull();
    expect(prefixProblem('crm pulse')).toMatch(/letters, digits/);
    expect(prefixProblem('crm-pulse:')).toMatch(/must not end with ":"/);
    expect(prefixProblem('{}')).toMatch(/hash tag/);
    expect(prefixProblem('{a}{b}')).toMatch(/hash tag/);
    expect(prefixProblem('{crm-pulse')).toMatch(/hash tag/);
    expect(prefixProblem('crm*')).toMatch(/letters, digits/);
    expect(() => new Keys('bad prefix')).toThrow(RangeError);
    expect(() => new Keys('crm-pulse').connection('a:b')).toThrow();
  });
});
