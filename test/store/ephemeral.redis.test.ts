// The short-lived stores, each on the real Redis and as its in-memory twin with one contract:
// webhook event ids seen (dedupe with a TTL) and OAuth install states (one use, with a TTL).
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { MemoryOAuthStateStore, RedisOAuthStateStore, type OAuthStateStore } from '../../src/store/oauth-states.ts';
import { MemoryWebhookEventStore, RedisWebhookEventStore, type WebhookEventStore } from '../../src/store/webhook-events.ts';
import { keysUnder, useRedis } from './helpers.ts';

const ctx = useRedis();
const TTL = 150;

const webhookStores: [string, () => WebhookEventStore][] = [
  ['redis', () => new RedisWebhookEventStore(ctx.redis, ctx.keys, TTL)],
  ['memory', () => new MemoryWebhookEventStore(TTL)],
];

const stateStores: [string, () => OAuthStateStore][] = [
  ['redis', () => new RedisOAuthStateStore(ctx.redis, ctx.keys, TTL)],
  ['memory', () => new MemoryOAuthStateStore(TTL)],
];

describe.each(webhookStores)('webhook event dedupe (%s)', (_, make) => {
  it('processes an event id once, per connection', async () => {
    const store = make();
    expect(await store.firstSeen('c1', ['e1', 'e2', 'e1'])).toEqual(['e1', 'e2']);
    expect(await store.firstSeen('c1', ['e2', 'e3'])).toEqual(['e3']);
    expect(await store.firstSeen('c2', ['e1'])).toEqual(['e1']);
    expect(await store.firstSeen('c1', [])).toEqual([]);
  });

  it('forgets an id after the TTL, or when told to (processing failed)', async () => {
    const store = make();
    await store.firstSeen('c1', ['e1', 'e2']);
    await store.forget('c1', ['e2']);
    expect(await store.firstSeen('c1', ['e1', 'e2'])).toEqual(['e2']);
    await sleep(TTL + 100);
    expect(await store.firstSeen('c1', ['e1', 'e2'])).toEqual(['e1', 'e2']);
  });
});

describe.each(stateStores)('OAuth states (%s)', (_, make) => {
  it('hands out unguessable states that can be taken once', async () => {
    const store = make();
    const a = await store.create({ crm: 'hubspot', connectionId: null, returnTo: '/admin' });
    const b = await store.create({ crm: 'hubspot', connectionId: 'c1', returnTo: null });
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b);
    expect(await store.take(a)).toMatchObject({ crm: 'hubspot', connectionId: null, returnTo: '/admin' });
    expect(await store.take(a)).toBeNull();
    expect(await store.take(b)).toMatchObject({ connectionId: 'c1' });
    expect(await store.take('made-up')).toBeNull();
  });

  it('expires a state after the TTL', async () => {
    const store = make();
    const state = await store.create({ crm: 'salesforce', connectionId: null, returnTo: null });
    await sleep(TTL + 100);
    expect(await store.take(state)).toBeNull();
  });
});

it('the Redis stores keep their keys under the prefix, with a TTL', async () => {
  await new RedisWebhookEventStore(ctx.redis, ctx.keys, 60_000).firstSeen('c1', ['e1']);
  await new RedisOAuthStateStore(ctx.redis, ctx.keys).create({ crm: 'hubspot', connectionId: null, returnTo: null });
  // Every SCAN page: one page may miss them when other tests fill the same Redis.
  const keys = await keysUnder(ctx);
  expect(keys).toHaveLength(2);
  for (const key of keys) expect(await ctx.redis.pttl(`${ctx.prefix}:${key}`)).toBeGreaterThan(0);
});
