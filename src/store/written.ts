// The values crm-pulse last wrote on each account, one hash per connection, so write-back sends
// only what changed (changedValues in writeback/values.ts) and a re-run over unchanged data
// writes nothing. Reads and writes take a whole page of accounts in one command.
import { z } from 'zod';
import { WRITE_FIELDS, type WriteBackValues } from '../model/index.ts';
import type { Keys } from './keys.ts';
import { parseStored, type RedisClient } from './redis.ts';

const ValuesSchema = z.partialRecord(z.enum(WRITE_FIELDS), z.union([z.string(), z.number(), z.boolean(), z.null()]));

export interface WrittenValues {
  accountId: string;
  /** What the account now holds in the CRM: the last values merged with those just sent. */
  values: Partial<WriteBackValues>;
}

export interface WrittenValuesStore {
  /**
   * The last written values of these accounts. An account never written is absent, and so is one
   * whose stored entry is corrupt: its values are then all sent again, which is always safe.
   */
  getMany(connectionId: string, accountIds: readonly string[]): Promise<Map<string, Partial<WriteBackValues>>>;
  /** Records values after the CRM accepted them; each entry replaces the account's previous one. */
  setMany(connectionId: string, entries: readonly WrittenValues[]): Promise<void>;
  /** Forgets accounts deleted in the CRM. */
  deleteMany(connectionId: string, accountIds: readonly string[]): Promise<void>;
}

export class RedisWrittenValuesStore implements WrittenValuesStore {
  readonly #redis: RedisClient;
  readonly #keys: Keys;

  constructor(redis: RedisClient, keys: Keys) {
    this.#redis = redis;
    this.#keys = keys;
  }

  async getMany(connectionId: string, accountIds: readonly string[]): Promise<Map<string, Partial<WriteBackValues>>> {
    const out = new Map<string, Partial<WriteBackValues>>();
    if (accountIds.length === 0) return out;
    const raws = await this.#redis.hmget(this.#keys.written(connectionId), ...accountIds);
    accountIds.forEach((id, i) => {
      const raw = raws[i];
      const parsed = raw == null ? null : parseStored(ValuesSchema, raw);
      if (parsed?.ok) out.set(id, parsed.value);
    });
    return out;
  }

  async setMany(connectionId: string, entries: readonly WrittenValues[]): Promise<void> {
    if (entries.length === 0) return;
    const args = entries.flatMap((e) => [e.accountId, JSON.stringify(ValuesSchema.parse(e.values))]);
    await this.#redis.hset(this.#keys.written(connectionId), ...args);
  }

  async deleteMany(connectionId: string, accountIds: readonly string[]): Promise<void> {
    if (accountIds.length > 0) await this.#redis.hdel(this.#keys.written(connectionId), ...accountIds);
  }
}
