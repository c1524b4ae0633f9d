// The closed-won deals of each account, as `[closedAt, amount]` pairs, one hash per connection:
// RFM segments rank the whole portfolio (DOMAIN.md section 9), so the step that computes them
// reads every account's wins from here instead of reading every account's deals from the CRM.
// Only accounts with wins have an entry; an account whose wins disappear loses its entry.
import { z } from 'zod';
import type { Keys } from './keys.ts';
import { parseStored, type RedisClient } from './redis.ts';

const WinsSchema = z.array(z.tuple([z.number(), z.number().nullable()]));
export type Win = z.output<typeof WinsSchema>[number];

export interface AccountWins {
  accountId: string;
  /** `[closedAt epoch ms, amount]` of each won deal; empty removes the entry. */
  wins: Win[];
}

export interface WinStore {
  setMany(connectionId: string, entries: readonly AccountWins[]): Promise<void>;
  /** Every account with wins, a SCAN page at a time (unreadable entries are left out). */
  scan(connectionId: string): AsyncIterable<AccountWins[]>;
  deleteMany(connectionId: string, accountIds: readonly string[]): Promise<void>;
}

export class RedisWinStore implements WinStore {
  readonly #redis: RedisClient;
  readonly #keys: Keys;

  constructor(redis: RedisClient, keys: Keys) {
    this.#redis = redis;
    this.#keys = keys;
  }

  async setMany(connectionId: string, entries: readonly AccountWins[]): Promise<void> {
    const key = this.#keys.wins(connectionId);
    const set = entries.filter((e) => e.wins.length > 0).flatMap((e) => [e.accountId, JSON.stringify(e.wins)]);
    const gone = entries.filter((e) => e.wins.length === 0).map((e) => e.accountId);
    if (set.length > 0) await this.#redis.hset(key, ...set);
    if (gone.length > 0) await this.#redis.hdel(key, ...gone);
  }

  async *scan(connectionId: string): AsyncIterable<AccountWins[]> {
    const key = this.#keys.wins(connectionId);
    let cursor = '0';
    do {
      const [next, flat] = await this.#redis.hscan(key, cursor, 'COUNT', 1000);
      cursor = next;
      const page: AccountWins[] = [];
      for (let i = 0; i + 1 < flat.length; i += 2) {
        const parsed = parseStored(WinsSchema, flat[i + 1]!);
        if (parsed.ok) page.push({ accountId: flat[i]!, wins: parsed.value });
      }
      if (page.length > 0) yield page;
    } while (cursor !== '0');
  }

  async deleteMany(connectionId: string, accountIds: readonly string[]): Promise<void> {
    if (accountIds.length > 0) await this.#redis.hdel(this.#keys.wins(connectionId), ...accountIds);
  }
}
