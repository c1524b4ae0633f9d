// The in-memory twin of the window store and the limiter's wait loop, on a fake clock; and the
// HubSpot defaults (110 requests per 10 s, 4 searches per second).
import { describe, expect, it } from 'vitest';
import { hubspotLimiter } from '../../../src/connectors/hubspot/limits.ts';
import { RateLimiter } from '../../../src/connectors/rate-limit/limiter.ts';
import { MemoryWindowStore } from '../../../src/connectors/rate-limit/memory.ts';

function fakeClock() {
  let now = 1_000_000;
  const waits: number[] = [];
  return {
    now: () => now,
    waits,
    sleep: async (ms: number) => {
      waits.push(ms);
      now += ms;
    },
  };
}

describe('MemoryWindowStore', () => {
  it('admits up to the limit per sliding window and says how long to wait', async () => {
    const clock = fakeClock();
    const store = new MemoryWindowStore(clock.now);
    const rule = { limit: 2, windowMs: 1_000 };
    expect(await store.take('k', rule, 1)).toEqual({ admitted: 1, waitMs: 0 });
    await clock.sleep(400);
    expect(await store.take('k', rule, 1)).toEqual({ admitted: 1, waitMs: 0 });
    expect(await store.take('k', rule, 1)).toEqual({ admitted: 0, waitMs: 600 });
    await clock.sleep(600);
    // Several slots asked at once: what the window has room for, and the wait for the rest.
    expect(await store.take('k', rule, 3)).toEqual({ admitted: 1, waitMs: 400 });
    expect(await store.take('other', rule, 2)).toEqual({ admitted: 2, waitMs: 0 });
  });
});

describe('RateLimiter', () => {
  it('waits until the bucket has room', async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter({ store: new MemoryWindowStore(clock.now), keyPrefix: 't', rules: { api: { limit: 3, windowMs: 10_000 } }, sleep: clock.sleep });
    for (let i = 0; i < 7; i++) await limiter.acquire('api');
    expect(clock.waits).toEqual([10_000, 10_000]);
  });

  it('serves concurrent callers of one bucket in line, one take per window for all of them, not one per waiter per freed slot', async () => {
    const clock = fakeClock();
    const inner = new MemoryWindowStore(clock.now);
    const asked: number[] = [];
    let failNext = false;
    const store = {
      take: (key: string, rule: { limit: number; windowMs: number }, count: number) => {
        asked.push(count);
        if (failNext) {
          failNext = false;
          return Promise.reject(new Error('store down'));
        }
        return inner.take(key, rule, count);
      },
    };
    const limiter = new RateLimiter({ store, keyPrefix: 't', rules: { api: { limit: 2, windowMs: 1_000 }, search: { limit: 1, windowMs: 1_000 } }, sleep: clock.sleep });
    const order: number[] = [];
    await Promise.all(Array.from({ length: 10 }, (_, i) => limiter.acquire('api').then(() => order.push(i))));
    // The first caller asks alone; the nine who came meanwhile are asked for together, two a
    // window admitted in arrival order. Polling waiters made 30 takes here.
    expect(order).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(asked).toEqual([1, 9, 8, 6, 4, 2]);
    expect(clock.waits).toEqual([1_000, 1_000, 1_000, 1_000]);
    // A take that fails fails the callers it asked for; one who came after is admitted.
    failNext = true;
    const first = limiter.acquire('search');
    const second = limiter.acquire('search');
    expect(await Promise.allSettled([first, second])).toMatchObject([{ status: 'rejected' }, { status: 'fulfilled' }]);
  });

  it('refuses a rule without room', () => {
    expect(() => new RateLimiter({ store: new MemoryWindowStore(), keyPrefix: 't', rules: { api: { limit: 0, windowMs: 1_000 } } })).toThrow(/at least 1/);
  });

  it('applies HubSpot defaults: 110 per 10 s (a window 250 ms longer than HubSpot), and searches 4 per second in their own bucket', async () => {
    const clock = fakeClock();
    const limiter = hubspotLimiter({ store: new MemoryWindowStore(clock.now), portalId: '42', sleep: clock.sleep });
    for (let i = 0; i < 110; i++) await limiter.acquire('api');
    for (let i = 0; i < 4; i++) await limiter.acquire('search');
    expect(clock.waits).toEqual([]);
    await limiter.acquire('search');
    expect(clock.waits).toEqual([1_000]);
    await limiter.acquire('api');
    // The 111th goes 10.25 s after the first: HubSpot counts arrivals, which jitter.
    expect(clock.waits).toEqual([1_000, 9_250]);
  });

  it('takes a private app budget', async () => {
    const clock = fakeClock();
    const limiter = hubspotLimiter({ store: new MemoryWindowStore(clock.now), portalId: '42', limits: { requestsPer10s: 190 }, sleep: clock.sleep });
    for (let i = 0; i < 190; i++) await limiter.acquire('api');
    expect(clock.waits).toEqual([]);
  });
});
