// Each account's history as last read from the CRM (activities and deals within the policy's
// windows), with when it was read and for which windows, one hash per connection. A webhook that
// says only a company's values changed re-scores it from here instead of reading its history
// again; whether the entry is still current is the reader's call (pipeline/history-cache.ts).
import { z } from 'zod';
import { ActivitySchema, DealSchema } from '../model/index.ts';
import type { Keys } from './keys.ts';
import { parseStored, type RedisClient } from './redis.ts';

const CachedHistorySchema = z.object({
  /** When the read began: it holds every change made before. */
  readAt: z.number(),
  /** The policy windows it was read for (`<engagement days>:<ticket days>`). */
  windows: z.string(),
  activities: z.array(ActivitySchema),
  deals: z.array(DealSchema),
});
export type CachedHistory = z.output<typeof CachedHistorySchema>;

export interface HistoryCache {
  /** Entries by account id; absent: never read, forgotten, or unreadable. */
  getMany(connectionId: string, accountIds: readonly string[]): Promise<Map<string, CachedHistory>>;
  setMany(connectionId: string, entries: ReadonlyMap<string, CachedHistory>): Promise<void>;
  deleteMany(connectionId: string, accountIds: readonly string[]): Promise<void>;
}

export class RedisHistoryCache implements HistoryCache {
  readonly #redis: RedisClient;
  readonly #keys: Keys;

  constructor(redis: RedisClient, keys: Keys) {
    this.#redis = redis;
    this.#keys = keys;
  }

  async getMany(connectionId: string, accountIds: readonly string[]): Promise<Map<string, CachedHistory>> {
    const out = new Map<string, CachedHistory>();
    if (accountIds.length === 0) return out;
    const raws = await this.#redis.hmget(this.#keys.histories(connectionId), ...accountIds);
    accountIds.forEach((id, i) => {
      const raw = raws[i];
      const parsed = raw == null ? null : parseStored(CachedHistorySchema, raw);
      if (parsed?.ok) out.set(id, parsed.value);
    });
    return out;
  }

  async setMany(connectionId: string, entries: ReadonlyMap<string, CachedHistory>): Promise<void> {
    if (entries.size === 0) return;
    await this.#redis.hset(this.#keys.histories(connectionId), ...[...entries].flatMap(([id, h]) => [id, JSON.stringify(h)]));
  }

  async deleteMany(connectionId: string, accountIds: readonly string[]): Promise<void> {
    if (accountIds.length > 0) await this.#redis.hdel(this.#keys.histories(connectionId), ...accountIds);
  }
}

