// The last synced canonical account of each account id, one hash per connection, so a webhook or
// an activity-only change re-scores an account without reading it from the CRM again. Entries
// are validated with the canonical schema on the way out.
//
// Beside it, a digest of the values each account was last scored from (a real run's, never a dry
// run's: a dry run caches what it reads, which must not pass for scored). An incremental read
// finds again every company crm-pulse just wrote, because our own write moves its modification
// time; when its mapped values hash to the digest, nothing the rules read has changed, and it is
// not scored again (sync/read-changes.ts).
import { createHash } from 'node:crypto';
import { AccountSchema, type Account } from '../model/index.ts';
import type { Keys } from './keys.ts';
import { parseStored, type RedisClient } from './redis.ts';

export interface AccountCache {
  /** Cached accounts by id. Absent: never synced, deleted, or a corrupt entry (read it from the CRM again). */
  getMany(connectionId: string, accountIds: readonly string[]): Promise<Map<string, Account>>;
  /** Every cached account id (the console's samples and the impact preview read the portfolio from here). */
  ids(connectionId: string): Promise<string[]>;
  /** Saves a page of synced accounts (an upsert by id). */
  setMany(connectionId: string, accounts: readonly Account[]): Promise<void>;
  /** Ids of these accounts whose values are the ones they were last scored from. */
  unchangedSinceScored(connectionId: string, accounts: readonly Account[]): Promise<Set<string>>;
  /** Records the values these accounts were just scored from. */
  markScored(connectionId: string, accounts: readonly Account[]): Promise<void>;
  /** Forgets accounts deleted in the CRM. */
  deleteMany(connectionId: string, accountIds: readonly string[]): Promise<void>;
  /** Ids of every cached account of the connection (the portfolio the last sync saw). */
  ids(connectionId: string): Promise<string[]>;
}

export class RedisAccountCache implements AccountCache {
  readonly #redis: RedisClient;
  readonly #keys: Keys;

  constructor(redis: RedisClient, keys: Keys) {
    this.#redis = redis;
    this.#keys = keys;
  }

  async getMany(connectionId: string, accountIds: readonly string[]): Promise<Map<string, Account>> {
    const out = new Map<string, Account>();
    if (accountIds.length === 0) return out;
    const raws = await this.#redis.hmget(this.#keys.accounts(connectionId), ...accountIds);
    accountIds.forEach((id, i) => {
      const raw = raws[i];
      const parsed = raw == null ? null : parseStored(AccountSchema, raw);
      // An entry stored under another id is as unusable as a corrupt one.
      if (parsed?.ok && parsed.value.id === id) out.set(id, parsed.value);
    });
    return out;
  }

  async ids(connectionId: string): Promise<string[]> {
    return (await this.#redis.hkeys(this.#keys.accounts(connectionId))).sort();
  }

  async setMany(connectionId: string, accounts: readonly Account[]): Promise<void> {
    if (accounts.length === 0) return;
    // Dates are epoch ms in the canonical model, so the JSON parses back to the same account.
    const args = accounts.flatMap((a) => [a.id, JSON.stringify(a)]);
    await this.#redis.hset(this.#keys.accounts(connectionId), ...args);
  }

  async unchangedSinceScored(connectionId: string, accounts: readonly Account[]): Promise<Set<string>> {
    const out = new Set<string>();
    if (accounts.length === 0) return out;
    const digests = await this.#redis.hmget(this.#keys.scoredFrom(connectionId), ...accounts.map((a) => a.id));
    accounts.forEach((a, i) => {
      if (digests[i] === digest(a)) out.add(a.id);
    });
    return out;
  }

  async markScored(connectionId: string, accounts: readonly Account[]): Promise<void> {
    if (accounts.length === 0) return;
    await this.#redis.hset(this.#keys.scoredFrom(connectionId), ...accounts.flatMap((a) => [a.id, digest(a)]));
  }

  async deleteMany(connectionId: string, accountIds: readonly string[]): Promise<void> {
    if (accountIds.length === 0) return;
    await this.#redis.hdel(this.#keys.accounts(connectionId), ...accountIds);
    await this.#redis.hdel(this.#keys.scoredFrom(connectionId), ...accountIds);
  }
}

/** The account's values in field-name order (a mapping's order must not matter), hashed. */
function digest(account: Account): string {
  const sorted = Object.entries(account)
    .filter(([, v]) => v !== undefined && v !== null)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return createHash('sha256').update(JSON.stringify(sorted)).digest('base64url').slice(0, 22);
}
