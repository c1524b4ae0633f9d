// Each account's RFM segment as the last ranking of the whole portfolio gave it, one hash per
// connection. The ranking runs once per cycle after every batch is scored and before any is
// written, so each account's write carries its values and its segment together; a webhook's
// re-score reads the same entry. Accounts without a win in the window have no entry: their own
// score says so (pipeline/score-accounts.ts), so they lose it before the next ranking.
import type { Keys } from './keys.ts';
import type { RedisClient } from './redis.ts';

export interface AccountSegment {
  accountId: string;
  /** e.g. `champion R5F4M5`; null removes the entry. */
  segment: string | null;
}

export interface SegmentStore {
  setMany(connectionId: string, entries: readonly AccountSegment[]): Promise<void>;
  /** The segments of these accounts; an account without one is absent. */
  getMany(connectionId: string, accountIds: readonly string[]): Promise<Map<string, string>>;
  deleteMany(connectionId: string, accountIds: readonly string[]): Promise<void>;
}

export class RedisSegmentStore implements SegmentStore {
  readonly #redis: RedisClient;
  readonly #keys: Keys;

  constructor(redis: RedisClient, keys: Keys) {
    this.#redis = redis;
    this.#keys = keys;
  }

  async setMany(connectionId: string, entries: readonly AccountSegment[]): Promise<void> {
    const key = this.#keys.segments(connectionId);
    const set = entries.flatMap((e) => (e.segment === null ? [] : [e.accountId, e.segment]));
    const gone = entries.filter((e) => e.segment === null).map((e) => e.accountId);
    if (set.length > 0) await this.#redis.hset(key, ...set);
    if (gone.length > 0) await this.#redis.hdel(key, ...gone);
  }

  async getMany(connectionId: string, accountIds: readonly string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    if (accountIds.length === 0) return out;
    const raws = await this.#redis.hmget(this.#keys.segments(connectionId), ...accountIds);
    accountIds.forEach((id, i) => {
      const raw = raws[i];
      if (raw != null) out.set(id, raw);
    });
    return out;
  }

  async deleteMany(connectionId: string, accountIds: readonly string[]): Promise<void> {
    if (accountIds.length > 0) await this.#redis.hdel(this.#keys.segments(connectionId), ...accountIds);
  }
}
