// The window store shared by every crm-pulse process: a sliding-window log per key in a Redis
// sorted set, checked and updated by one Lua script so concurrent workers never both take the
// last slot. Time comes from the Redis server, so workers with skewed clocks agree.
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { WindowRule, WindowStore } from './limiter.ts';

// KEYS[1]: the window; ARGV: limit, window ms, a unique member for this request.
// Returns 0 when admitted, else the ms until the oldest entry leaves the window.
const TAKE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) < limit then
  redis.call('ZADD', KEYS[1], now, ARGV[3])
  redis.call('PEXPIRE', KEYS[1], window)
  return 0
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return math.max(1, tonumber(oldest[2]) + window - now)
`;

export class RedisWindowStore implements WindowStore {
  readonly #redis: Redis;
  readonly #prefix: string;

  /**
   * `prefix` (CRM_PULSE_REDIS_PREFIX) goes before every window key, so the windows live beside the
   * rest of an installation's keys (one Redis Cluster slot under a hash-tagged prefix).
   */
  constructor(redis: Redis, prefix?: string) {
    this.#redis = redis;
    this.#prefix = prefix ? `${prefix}:` : '';
  }

  async take(key: string, rule: WindowRule): Promise<number> {
    const wait = await this.#redis.eval(TAKE, 1, this.#prefix + key, rule.limit, rule.windowMs, randomUUID());
    return Number(wait);
  }
}
