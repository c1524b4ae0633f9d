// The newest API-budget reading of each connection (model/api-usage.ts). Jobs run in any
// worker, each with its own connector and its own last reading, so every job stores what its
// connector saw and the newest (by when the CRM reported it) is kept: the run summary and the
// connection status read it here, not from whichever process happens to ask.
import { ApiUsageSchema, type ApiUsage } from '../model/index.ts';
import type { Keys } from './keys.ts';
import { exec, parseStored, type RedisClient } from './redis.ts';

export interface ApiUsageStore {
  /** Keeps `usage` unless a newer reading is stored already. */
  record(connectionId: string, usage: ApiUsage): Promise<void>;
  /** The newest reading, or null when none was stored (or it is unreadable). */
  get(connectionId: string): Promise<ApiUsage | null>;
}

export class RedisApiUsageStore implements ApiUsageStore {
  readonly #redis: RedisClient;
  readonly #keys: Keys;

  constructor(redis: RedisClient, keys: Keys) {
    this.#redis = redis;
    this.#keys = keys;
  }

  async record(connectionId: string, usage: ApiUsage): Promise<void> {
    const key = this.#keys.apiUsage(connectionId);
    // A sorted set scored by the reading's time, trimmed to its highest member: newest wins
    // atomically, whatever order concurrent workers write in.
    await exec(this.#redis.multi().zadd(key, usage.at, JSON.stringify(ApiUsageSchema.parse(usage))).zremrangebyrank(key, 0, -2));
  }

  async get(connectionId: string): Promise<ApiUsage | null> {
    const [raw] = await this.#redis.zrange(this.#keys.apiUsage(connectionId), '-1', '-1');
    if (raw === undefined) return null;
    const parsed = parseStored(ApiUsageSchema, raw);
    return parsed.ok ? parsed.value : null;
  }
}
