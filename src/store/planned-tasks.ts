// The tasks each account's last score asks for, one hash per connection, kept from the score pass
// to the write pass of a cycle (they run as separate jobs): the write pass creates them together
// with the account's values and then drops the entry. Whether a task already exists is decided
// by its dedupe key when it is created (store/tasks.ts), so an entry read twice is harmless.
import { z } from 'zod';
import { TASK_KINDS, type TaskIntent } from '../model/index.ts';
import type { Keys } from './keys.ts';
import { parseStored, type RedisClient } from './redis.ts';

const IntentsSchema = z.array(
  z.object({
    kind: z.enum(TASK_KINDS),
    key: z.string().min(1),
    ownerId: z.string().nullable(),
    subject: z.string(),
    body: z.string(),
    dueAt: z.number(),
    dealId: z.string().nullable(),
    plannedAt: z.number(),
  }),
);

export interface PlannedTasks {
  accountId: string;
  /** Empty removes the entry. */
  tasks: readonly TaskIntent[];
}

export interface PlannedTaskStore {
  setMany(connectionId: string, entries: readonly PlannedTasks[]): Promise<void>;
  /** The planned tasks of these accounts; an account with none (or an unreadable entry) is absent. */
  getMany(connectionId: string, accountIds: readonly string[]): Promise<Map<string, TaskIntent[]>>;
  deleteMany(connectionId: string, accountIds: readonly string[]): Promise<void>;
}

export class RedisPlannedTaskStore implements PlannedTaskStore {
  readonly #redis: RedisClient;
  readonly #keys: Keys;

  constructor(redis: RedisClient, keys: Keys) {
    this.#redis = redis;
    this.#keys = keys;
  }

  async setMany(connectionId: string, entries: readonly PlannedTasks[]): Promise<void> {
    const key = this.#keys.plannedTasks(connectionId);
    const set = entries.filter((e) => e.tasks.length > 0).flatMap((e) => [e.accountId, JSON.stringify(e.tasks)]);
    const gone = entries.filter((e) => e.tasks.length === 0).map((e) => e.accountId);
    if (set.length > 0) await this.#redis.hset(key, ...set);
    if (gone.length > 0) await this.#redis.hdel(key, ...gone);
  }

  async getMany(connectionId: string, accountIds: readonly string[]): Promise<Map<string, TaskIntent[]>> {
    const out = new Map<string, TaskIntent[]>();
    if (accountIds.length === 0) return out;
    const raws = await this.#redis.hmget(this.#keys.plannedTasks(connectionId), ...accountIds);
    accountIds.forEach((id, i) => {
      const raw = raws[i];
      const parsed = raw == null ? null : parseStored(IntentsSchema, raw);
      if (parsed?.ok) out.set(id, parsed.value);
    });
    return out;
  }

  async deleteMany(connectionId: string, accountIds: readonly string[]): Promise<void> {
    if (accountIds.length > 0) await this.#redis.hdel(this.#keys.plannedTasks(connectionId), ...accountIds);
  }
}
