// A connection's "full run pending" mark: a mapping or policy was saved and a full run must apply
// it. The admin API sets it before queueing that run; a sync notes the mark it saw when it loaded
// the settings, and when it finishes, a mark it did not see (or saw without being a full run)
// queues a full run after it (jobs/settings-run.ts). One mark per connection, however many
// changes: a later change replaces it, and clearing it is compare-and-delete, so a newer mark
// is never lost.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Keys } from './keys.ts';
import { parseStored, Script, type RedisClient } from './redis.ts';

const StoredMarkSchema = z.object({ id: z.string(), reason: z.string() });

export interface PendingFullRun {
  /** The mark as stored: what a sync notes as seen, and what clear() compares. */
  token: string;
  reason: string;
}

export interface PendingRunStore {
  /** Marks a full run pending for `reason` (replacing an earlier mark); returns the mark's token. */
  mark(connectionId: string, reason: string): Promise<string>;
  get(connectionId: string): Promise<PendingFullRun | null>;
  /** Removes the mark if it is still the one with `token`. */
  clear(connectionId: string, token: string): Promise<void>;
}

const CLEAR = new Script(
  'pendingRunClear',
  `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`,
);

export class RedisPendingRunStore implements PendingRunStore {
  readonly #redis: RedisClient;
  readonly #keys: Keys;

  constructor(redis: RedisClient, keys: Keys) {
    this.#redis = redis;
    this.#keys = keys;
  }

  async mark(connectionId: string, reason: string): Promise<string> {
    const token = JSON.stringify({ id: randomBytes(8).toString('hex'), reason });
    await this.#redis.set(this.#keys.pendingFullRun(connectionId), token);
    return token;
  }

  async get(connectionId: string): Promise<PendingFullRun | null> {
    const raw = await this.#redis.get(this.#keys.pendingFullRun(connectionId));
    if (raw === null) return null;
    const parsed = parseStored(StoredMarkSchema, raw);
    // A mark that does not parse still asks for a full run: one run too many beats a change never applied.
    return { token: raw, reason: parsed.ok ? parsed.value.reason : 'settings changed' };
  }

  async clear(connectionId: string, token: string): Promise<void> {
    await CLEAR.run(this.#redis, [this.#keys.pendingFullRun(connectionId)], [token]);
  }
}
