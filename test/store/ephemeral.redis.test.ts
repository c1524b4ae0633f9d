// The short-lived stores: webhook event ids seen (dedupe with a TTL) and the changes they leave
// pending, on the real Redis; OAuth install states (one use, with a TTL) on Redis and as the
// in-memory twin with one contract. A TTL
// passes on the twins' clock at once, and in Redis when Redis has expired the keys.
import { describe, expect, it } from 'vitest';
import { RetryableError } from '../../src/model/errors.ts';
import { MemoryOAuthStateStore, RedisOAuthStateStore, type OAuthStateOptions, type OAuthStateStore } from '../../src/store/oauth-states.ts';
import { RedisWebhookEventStore } from '../../src/store/webhook-events.ts';
import { keysUnder, untilExpired, useRedis } from './helpers.ts';

const ctx = useRedis();
const TTL = 150;

/** The twins' and the Redis stores' clock (the live-state count is kept by it). */
let clock = Date.now();
const now = () => clock;

/** The TTL passes: on the clock, and in Redis for the keys whose name matches. */
async function ttlPasses(kind: 'redis' | 'memory', keys: RegExp): Promise<void> {
  clock += TTL + 1;
  if (kind === 'redis') await untilExpired(ctx, keys);
}

const stateStores: ['redis' | 'memory', () => OAuthStateStore][] = [
  ['redis', () => new RedisOAuthStateStore(ctx.redis, ctx.keys, { ttlMs: TTL, now })],
  ['memory', () => new MemoryOAuthStateStore({ ttlMs: TTL, now })],
];

const values = (eventId: string, id = 'a1') => ({ eventId, changes: [{ on: 'company' as const, id, what: 'values' as const }] });

describe('webhook events (redis)', () => {
  it('processes an event id once, per connection, until the TTL passes', async () => {
    const store = new RedisWebhookEventStore(ctx.redis, ctx.keys, TTL);
    expect(await store.record('c1', [values('e1'), values('e2'), values('e1')], 1)).toEqual(['e1', 'e2']);
    expect(await store.record('c1', [values('e2'), values('e3')], 2)).toEqual(['e3']);
    expect(await store.record('c2', [values('e1')], 3)).toEqual(['e1']);
    expect(await store.record('c1', [], 4)).toEqual([]);
    await ttlPasses('redis', /^webhook-seen:/);
    expect(await store.record('c1', [values('e1')], 5)).toEqual(['e1']);
  });

  it('keeps one pending entry per thing changed, its first arrival, and settles only what no event named since', async () => {
    const store = new RedisWebhookEventStore(ctx.redis, ctx.keys, 60_000);
    await store.record('c1', [values('e1', 'a1'), values('e2', 'a2'), { eventId: 'e3', changes: [{ on: 'deal', id: 'd1' }] }], 1_000);
    await store.record('c1', [values('e4', 'a1')], 2_000);
    const pending = await store.pending('c1');
    expect(pending.map((p) => [p.change, p.since])).toEqual([
      [{ on: 'company', id: 'a1', what: 'values' }, 1_000],
      [{ on: 'company', id: 'a2', what: 'values' }, 1_000],
      [{ on: 'deal', id: 'd1' }, 1_000],
    ]);
    // a2 is named again while a job works on what it read: it stays for the next job.
    await store.record('c1', [values('e5', 'a2')], 3_000);
    await store.settle('c1', pending);
    expect((await store.pending('c1')).map((p) => [p.change.id, p.since])).toEqual([['a2', 1_000]]);
    expect(await store.count('c1')).toBe(1);
  });
});

describe.each(stateStores)('OAuth states (%s)', (kind, make) => {
  it('hands out unguessable states that can be taken once', async () => {
    const store = make();
    const a = await store.create({ crm: 'hubspot', connectionId: null, returnTo: '/admin' }, '203.0.113.1');
    const b = await store.create({ crm: 'hubspot', connectionId: 'c1', returnTo: null }, '203.0.113.1');
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b);
    expect(await store.take(a)).toMatchObject({ crm: 'hubspot', connectionId: null, returnTo: '/admin' });
    expect(await store.take(a)).toBeNull();
    expect(await store.take(b)).toMatchObject({ connectionId: 'c1' });
    expect(await store.take('made-up')).toBeNull();
  });

  it('expires a state after the TTL', async () => {
    const store = make();
    const state = await store.create({ crm: 'salesforce', connectionId: null, returnTo: null }, '203.0.113.1');
    await ttlPasses(kind, /^oauth-state:/);
    expect(await store.take(state)).toBeNull();
  });
});

describe.each([
  ['redis', (o: OAuthStateOptions) => new RedisOAuthStateStore(ctx.redis, ctx.keys, { now, ...o })],
  ['memory', (o: OAuthStateOptions) => new MemoryOAuthStateStore({ now, ...o })],
] as const)('OAuth state limits (%s)', (kind, make) => {
  const data = { crm: 'hubspot', connectionId: null, returnTo: null } as const;

  it('refuses a client past its states per minute, with the wait, and leaves other clients alone', async () => {
    const store = make({ perClientPerMinute: 3 });
    for (let i = 0; i < 3; i++) await store.create(data, '203.0.113.1');
    const refused = await store.create(data, '203.0.113.1').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(RetryableError);
    expect(refused).toMatchObject({ code: 'TOO_MANY_INSTALLS', waitMs: expect.any(Number) });
    expect((refused as RetryableError).waitMs).toBeLessThanOrEqual(60_000);
    expect(await store.create(data, '2001:db8::1')).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('caps live states across clients; a state taken or expired frees its place', async () => {
    const store = make({ maxLive: 2, ttlMs: TTL });
    const first = await store.create(data, 'a');
    await store.create(data, 'b');
    await expect(store.create(data, 'c')).rejects.toMatchObject({ code: 'INSTALLS_BUSY', waitMs: expect.any(Number) });
    expect(await store.take(first)).not.toBeNull();
    await store.create(data, 'c');
    await ttlPasses(kind, /^oauth-state:/);
    await store.create(data, 'd');
    await store.create(data, 'e');
  });
});

it('the Redis stores keep their keys under the prefix, with a TTL', async () => {
  await new RedisWebhookEventStore(ctx.redis, ctx.keys, 60_000).record('c1', [values('e1')], 0);
  await new RedisOAuthStateStore(ctx.redis, ctx.keys).create({ crm: 'hubspot', connectionId: null, returnTo: null }, '203.0.113.1');
  // Every SCAN page: one page may miss them when other tests fill the same Redis.
  const keys = await keysUnder(ctx);
  // The pending change and its sequence live with the connection's data, without a TTL.
  expect(keys.sort()).toEqual(['conn:c1:webhooks:pending', 'conn:c1:webhooks:seq', expect.stringMatching(/^oauth-rate:203\.0\.113\.1$/), expect.stringMatching(/^oauth-state:/), 'oauth-states-live', 'webhook-seen:c1:e1']);
  for (const key of keys.filter((k) => !k.startsWith('conn:'))) expect(await ctx.redis.pttl(`${ctx.prefix}:${key}`)).toBeGreaterThan(0);
});
