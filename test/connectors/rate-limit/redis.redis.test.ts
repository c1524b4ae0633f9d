// The shared rate limiter on the real Redis: every process's limiter for one account draws from
// one window, admission is atomic under concurrency, waits end when the window frees up, and
// windows expire by themselves. Each test has its own key prefix and deletes its keys.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RateLimiter } from '../../../src/connectors/rate-limit/limiter.ts';
import { RedisWindowStore } from '../../../src/connectors/rate-limit/redis.ts';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('RedisWindowStore', () => {
  let redis: Redis;
  let prefix: string;

  beforeAll(() => {
    redis = new Redis(REDIS_URL, { lazyConnect: false, maxRetriesPerRequest: 1 });
  });
  afterEach(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
  });
  afterAll(async () => {
    await redis.quit();
  });

  const freshPrefix = () => {
    prefix = `crm-pulse-test:rl:${randomUUID()}`;
    return prefix;
  };

  it('admits exactly the limit when many workers race for one window', async () => {
    const store = new RedisWindowStore(redis);
    const key = `${freshPrefix()}:api`;
    const taken = await Promise.all(Array.from({ length: 20 }, () => store.take(key, { limit: 5, windowMs: 10_000 }, 1)));
    expect(taken.filter((t) => t.admitted === 1)).toHaveLength(5);
    for (const t of taken.filter((t) => t.admitted === 0)) {
      expect(t.waitMs).toBeGreaterThan(9_000);
      expect(t.waitMs).toBeLessThanOrEqual(10_000);
    }
    // Several slots in one take: what is left of the window, and the wait for the rest.
    const more = await store.take(`${prefix}:batch`, { limit: 5, windowMs: 10_000 }, 3);
    expect(more).toEqual({ admitted: 3, waitMs: 0 });
    const rest = await store.take(`${prefix}:batch`, { limit: 5, windowMs: 10_000 }, 4);
    expect(rest.admitted).toBe(2);
    expect(rest.waitMs).toBeGreaterThan(9_000);
    // The window expires with its last entry, so idle accounts leave nothing behind.
    const ttl = await redis.pttl(key);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(10_000);
  });

  it('shares one budget between limiters of different processes, and lets waiters through as the window slides', async () => {
    const store = new RedisWindowStore(redis);
    const keyPrefix = freshPrefix();
    const rules = { api: { limit: 3, windowMs: 250 }, search: { limit: 1, windowMs: 250 } };
    const workerA = new RateLimiter({ store, keyPrefix, rules });
    const workerB = new RateLimiter({ store, keyPrefix, rules });
    const started = performance.now();
    const admittedAt: number[] = [];
    await Promise.all(
      [workerA, workerB, workerA, workerB, workerA, workerB].map((w) => w.acquire('api').then(() => admittedAt.push(performance.now() - started))),
    );
    admittedAt.sort((a, b) => a - b);
    expect(admittedAt.slice(0, 3).every((t) => t < 200)).toBe(true);
    expect(admittedAt.slice(3).every((t) => t >= 240)).toBe(true);
    // Buckets are separate: searches had their own window all along.
    expect(await store.take(`${keyPrefix}:search`, rules.search, 1)).toEqual({ admitted: 1, waitMs: 0 });
  });

  it('keeps accounts apart', async () => {
    const store = new RedisWindowStore(redis);
    const p = freshPrefix();
    expect(await store.take(`${p}:portal-1:api`, { limit: 1, windowMs: 5_000 }, 1)).toEqual({ admitted: 1, waitMs: 0 });
    expect((await store.take(`${p}:portal-1:api`, { limit: 1, windowMs: 5_000 }, 1)).admitted).toBe(0);
    expect(await store.take(`${p}:portal-2:api`, { limit: 1, windowMs: 5_000 }, 1)).toEqual({ admitted: 1, waitMs: 0 });
  });
});
