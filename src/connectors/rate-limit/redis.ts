// The window store shared by every crm-pulse process: a sliding-window log per key in a Redis
// sorted set, checked and updated by one Lua script so concurrent workers never both take the
// last slot. Time comes from the Redis server, so workers with skewed clocks agree.
import { createHash, randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Taken, WindowRule, WindowStore } from './limiter.ts';

// KEYS[1]: the window; ARGV: limit, window ms, slots wanted, a unique member prefix for them.
// Returns {admitted, ms until the oldest entry leaves the window when fewer were admitted, else 0}.
const TAKE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local wanted = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local admitted = math.max(0, math.min(wanted, limit - redis.call('ZCARD', KEYS[1])))
for i = 1, admitted do redis.call('ZADD', KEYS[1], now, ARGV[4] .. ':' .. i) end
if admitted > 0 then redis.call('PEXPIRE', KEYS[1], window) end
if admitted == wanted then return {admitted, 0} end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return {admitted, math.max(1, tonumber(oldest[2]) + window - now)}
`;
const TAKE_SHA = createHash('sha1').update(TAKE).digest('hex');

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

  async take(key: string, rule: WindowRule, count: number): Promise<Taken> {
    const args = [1, this.#prefix + key, rule.limit, rule.windowMs, count, randomUUID()] as const;
    // By digest: the script's text goes over the wire only when Redis has not cached it yet
    // (a fresh or restarted server answers NOSCRIPT).
    const answer = await this.#redis.evalsha(TAKE_SHA, ...args).catch((error: unknown) => {
      if (error instanceof Error && error.message.startsWith('NOSCRIPT')) return this.#redis.eval(TAKE, ...args);
      throw error;
    });
    const [admitted, waitMs] = answer as [number, number];
    return { admitted: Number(admitted), waitMs: Number(waitMs) };
  }

}
