// Each store test on the real Redis (REDIS_URL) under its own random key prefix, deleted after the
// test, so tests never see each other's keys or anything else in that Redis.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { Keyring } from '../../src/store/crypto.ts';
import { createStore, type Store, type StoreOptions } from '../../src/store/index.ts';
import { Keys } from '../../src/store/keys.ts';
import { deleteMatching } from '../../src/store/redis.ts';

export interface RedisContext {
  redis: Redis;
  prefix: string;
  keys: Keys;
  /** A store on this test's prefix with a fresh key; options override the defaults. */
  store(options?: Partial<StoreOptions>): Store;
}

export function useRedis(): RedisContext {
  let redis: Redis | undefined;
  let prefix = '';
  const ctx: RedisContext = {
    get redis() {
      if (!redis) throw new Error('Redis is opened in beforeAll');
      return redis;
    },
    get prefix() {
      return prefix;
    },
    get keys() {
      return new Keys(prefix);
    },
    store(options = {}) {
      return createStore({ redis: ctx.redis, prefix, keyring: new Keyring(Keyring.generateKey()), ...options });
    },
  };
  beforeAll(() => {
    redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { lazyConnect: false, maxRetriesPerRequest: 1 });
  });
  beforeEach(() => {
    prefix = `crm-pulse-test:${randomUUID()}`;
  });
  afterEach(async () => {
    await deleteMatching(ctx.redis, new Keys(prefix).everything());
  });
  afterAll(async () => {
    await redis?.quit();
  });
  return ctx;
}

/** Every key under the test's prefix, sorted, to assert the layout. */
export async function keysUnder(ctx: RedisContext): Promise<string[]> {
  const found: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await ctx.redis.scan(cursor, 'MATCH', ctx.keys.everything(), 'COUNT', 500);
    cursor = next;
    found.push(...keys);
  } while (cursor !== '0');
  return found.map((k) => k.slice(ctx.prefix.length + 1)).sort();
}

/**
 * Resolves once Redis has expired every key under the test's prefix whose name matches: it waits
 * as long as Redis itself says each key has left (PTTL), then reads the key, which expires it.
 * No fixed sleep: a slow machine only shortens the wait.
 */
export async function untilExpired(ctx: RedisContext, name: RegExp): Promise<void> {
  for (;;) {
    const keys = (await keysUnder(ctx)).filter((k) => name.test(k)).map((k) => `${ctx.prefix}:${k}`);
    if (keys.length === 0) return;
    const left = await Promise.all(keys.map((k) => ctx.redis.pttl(k)));
    if (left.some((ms) => ms === -1)) throw new Error(`a key matching ${name} has no TTL: it would never expire`);
    await new Promise((resolve) => setTimeout(resolve, Math.max(1, ...left)));
    await ctx.redis.exists(...keys);
  }
}
