// Each account's latest score with its explanation (tier, health measures, signals, renewal,
// lifecycle, handoff, the one-line why), one hash per connection: the admin API shows it and the
// HubSpot record card reads it without calling the CRM. Tasks are left out (the task store holds
// them) and so is the activity summary the measures already carry.
import { z } from 'zod';
import type { ScoreResult } from '../scoring/index.ts';
import type { Keys } from './keys.ts';
import { parseStored, type RedisClient } from './redis.ts';

/** The parts every reader relies on are checked; the explanation's inner detail passes through. */
export const StoredScoreSchema = z
  .object({
    accountId: z.string().min(1),
    name: z.string().nullable(),
    asOf: z.string(),
    tier: z.string(),
    health: z.object({ score: z.number().nullable(), band: z.enum(['healthy', 'watch', 'at_risk', 'insufficient_data']), trend: z.number().nullable() }).loose(),
    signals: z.array(z.object({ code: z.string(), evidence: z.string() }).loose()),
    renewal: z.object({ stage: z.enum(['none', 'upcoming', 'due', 'overdue', 'unknown']), contractEnd: z.string().nullable() }).loose(),
    expansionCandidate: z.boolean(),
    lifecycle: z.string(),
    handoff: z.object({ dealId: z.string(), status: z.string() }).loose().nullable(),
    why: z.string(),
  })
  .loose();
export type StoredScore = z.output<typeof StoredScoreSchema>;

export interface ScoreStore {
  /** Saves the latest result of each account (an upsert by account id). */
  setMany(connectionId: string, results: readonly ScoreResult[]): Promise<void>;
  /** The account's latest score, or null when it was never scored (or its entry is unreadable). */
  get(connectionId: string, accountId: string): Promise<StoredScore | null>;
  /** The latest scores of these accounts (never scored or unreadable: absent), one command. */
  getMany(connectionId: string, accountIds: readonly string[]): Promise<Map<string, StoredScore>>;
  /** Every account's latest score (the console's portfolio); unreadable entries are left out. */
  all(connectionId: string): Promise<StoredScore[]>;
  deleteMany(connectionId: string, accountIds: readonly string[]): Promise<void>;
}

export class RedisScoreStore implements ScoreStore {
  readonly #redis: RedisClient;
  readonly #keys: Keys;

  constructor(redis: RedisClient, keys: Keys) {
    this.#redis = redis;
    this.#keys = keys;
  }

  async setMany(connectionId: string, results: readonly ScoreResult[]): Promise<void> {
    if (results.length === 0) return;
    const args = results.flatMap(({ tasks: _tasks, activity: _activity, ...kept }) => [kept.accountId, JSON.stringify(kept)]);
    await this.#redis.hset(this.#keys.scores(connectionId), ...args);
  }

  async get(connectionId: string, accountId: string): Promise<StoredScore | null> {
    const raw = await this.#redis.hget(this.#keys.scores(connectionId), accountId);
    const parsed = raw === null ? null : parseStored(StoredScoreSchema, raw);
    return parsed?.ok && parsed.value.accountId === accountId ? parsed.value : null;
  }

  async getMany(connectionId: string, accountIds: readonly string[]): Promise<Map<string, StoredScore>> {
    const out = new Map<string, StoredScore>();
    if (accountIds.length === 0) return out;
    const raws = await this.#redis.hmget(this.#keys.scores(connectionId), ...accountIds);
    accountIds.forEach((id, i) => {
      const raw = raws[i];
      const parsed = raw == null ? null : parseStored(StoredScoreSchema, raw);
      if (parsed?.ok && parsed.value.accountId === id) out.set(id, parsed.value);
    });
    return out;
  }

  async all(connectionId: string): Promise<StoredScore[]> {
    const raws = await this.#redis.hgetall(this.#keys.scores(connectionId));
    return Object.entries(raws).flatMap(([id, raw]) => {
      const parsed = parseStored(StoredScoreSchema, raw);
      return parsed.ok && parsed.value.accountId === id ? [parsed.value] : [];
    });
  }

  async deleteMany(connectionId: string, accountIds: readonly string[]): Promise<void> {
    if (accountIds.length > 0) await this.#redis.hdel(this.#keys.scores(connectionId), ...accountIds);
  }
}
