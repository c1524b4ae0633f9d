// The last backtest of each connection (docs/backtest.md), kept so the admin API answers at once:
// the report, when it was computed, for which day and under which policy (a digest), so a policy
// change or a new day asks for a new one. The report is the pipeline's JSON, kept as it came.
import { z } from 'zod';
import type { Keys } from './keys.ts';
import { parseStored, type RedisClient } from './redis.ts';

const CachedBacktestSchema = z.object({
  computedAt: z.number(),
  /** The UTC day of the backtest's as-of date, YYYY-MM-DD. */
  day: z.string(),
  policyDigest: z.string(),
  report: z.record(z.string(), z.unknown()),
});
export type CachedBacktest = z.output<typeof CachedBacktestSchema>;

export interface BacktestCache {
  get(connectionId: string): Promise<CachedBacktest | null>;
  set(connectionId: string, backtest: CachedBacktest): Promise<void>;
}

export class RedisBacktestCache implements BacktestCache {
  readonly #redis: RedisClient;
  readonly #keys: Keys;

  constructor(redis: RedisClient, keys: Keys) {
    this.#redis = redis;
    this.#keys = keys;
  }

  async get(connectionId: string): Promise<CachedBacktest | null> {
    const raw = await this.#redis.get(this.#keys.backtest(connectionId));
    const parsed = raw === null ? null : parseStored(CachedBacktestSchema, raw);
    return parsed?.ok ? parsed.value : null;
  }

  async set(connectionId: string, backtest: CachedBacktest): Promise<void> {
    await this.#redis.set(this.#keys.backtest(connectionId), JSON.stringify(CachedBacktestSchema.parse(backtest)));
  }
}
