// What a run wrote to the CRM itself, so its own writes can be left out of the next incremental
// read (sync/fence-own-writes.ts), and the accounts that check found changed, which the next run
// reads and scores whatever its search finds. An account is recorded before its write call goes
// out, so a call whose answer never came is checked too; the CRM's stamp comes after it.
import type { Keys } from './keys.ts';
import type { RedisClient } from './redis.ts';

/** Kept this long if the run never gets to its check (it crashed; the writes are then re-read). */
const RUN_TTL_S = 2 * 86_400;

export interface RunWrites {
  accountIds: string[];
  /** The latest stamp the CRM gave a write of the run; 0 when none answered. */
  until: number;
}

export interface OwnWriteStore {
  /** Before a write call: these accounts may carry the run's stamp from now on. */
  intend(connectionId: string, runId: string, accountIds: readonly string[]): Promise<void>;
  /** After it: the CRM's stamps of the writes it made. */
  written(connectionId: string, runId: string, stamps: readonly { accountId: string; at: number }[]): Promise<void>;
  /** The run's writes, or null when it wrote nothing. */
  get(connectionId: string, runId: string): Promise<RunWrites | null>;
  /** Forgets the run's writes once its fence is made. */
  drop(connectionId: string, runId: string): Promise<void>;
  addRecheck(connectionId: string, accountIds: readonly string[]): Promise<void>;
  recheck(connectionId: string): Promise<string[]>;
  removeRecheck(connectionId: string, accountIds: readonly string[]): Promise<void>;
}

/** Ids a call: every account of a big portal can need a recheck, more than one call's arguments can spread. */
const ARGS_A_CALL = 10_000;

export class RedisOwnWriteStore implements OwnWriteStore {
  readonly #redis: RedisClient;
  readonly #keys: Keys;

  constructor(redis: RedisClient, keys: Keys) {
    this.#redis = redis;
    this.#keys = keys;
  }

  async intend(connectionId: string, runId: string, accountIds: readonly string[]): Promise<void> {
    if (accountIds.length === 0) return;
    const key = this.#keys.ownWrites(connectionId, runId);
    await this.#redis.multi().zadd(key, 'NX', ...accountIds.flatMap((id) => ['0', id])).expire(key, RUN_TTL_S).exec();
  }

  async written(connectionId: string, runId: string, stamps: readonly { accountId: string; at: number }[]): Promise<void> {
    if (stamps.length === 0) return;
    await this.#redis.zadd(this.#keys.ownWrites(connectionId, runId), 'GT', ...stamps.flatMap((s) => [String(s.at), s.accountId]));
  }

  async get(connectionId: string, runId: string): Promise<RunWrites | null> {
    const flat = await this.#redis.zrange(this.#keys.ownWrites(connectionId, runId), '0', '-1', 'WITHSCORES');
    if (flat.length === 0) return null;
    const accountIds: string[] = [];
    let until = 0;
    for (let i = 0; i < flat.length; i += 2) {
      accountIds.push(flat[i]!);
      until = Math.max(until, Number(flat[i + 1]));
    }
    return { accountIds, until };
  }

  async drop(connectionId: string, runId: string): Promise<void> {
    await this.#redis.del(this.#keys.ownWrites(connectionId, runId));
  }

  async addRecheck(connectionId: string, accountIds: readonly string[]): Promise<void> {
    for (let i = 0; i < accountIds.length; i += ARGS_A_CALL) await this.#redis.sadd(this.#keys.recheck(connectionId), ...accountIds.slice(i, i + ARGS_A_CALL));
  }

  async recheck(connectionId: string): Promise<string[]> {
    return this.#redis.smembers(this.#keys.recheck(connectionId));
  }

  async removeRecheck(connectionId: string, accountIds: readonly string[]): Promise<void> {
    for (let i = 0; i < accountIds.length; i += ARGS_A_CALL) await this.#redis.srem(this.#keys.recheck(connectionId), ...accountIds.slice(i, i + ARGS_A_CALL));
  }
}
