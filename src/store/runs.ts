// Run history per connection: one record per sync cycle (mode, start, end, counts, errors), saved
// when the run starts and again when it ends, so a run killed midway still shows as `running`.
// Bounded: the oldest runs beyond the cap are dropped as new ones are saved.
import { z } from 'zod';
import { ConnectionIdSchema, type Keys } from './keys.ts';
import { parseStored, Script, type RedisClient } from './redis.ts';

const count = z.number().int().min(0).default(0);

export const RunCountsSchema = z.object({
  accountsRead: count,
  /** Read on an incremental run with the values they were last scored from: not scored again. */
  accountsSkipped: count,
  accountsScored: count,
  accountsWritten: count,
  accountsUnchanged: count,
  activitiesRead: count,
  tasksCreated: count,
  tasksSkipped: count,
  handoffs: count,
  /** Accounts read again after the run's own writes (HubSpot's own-write fence). */
  ownWritesChecked: count,
  /** Of them, edited by someone between our read and our write: scored by the next run. */
  ownWritesChanged: count,
  /** Every problem of the run, including those beyond the errors kept in `errors`. */
  errors: count,
});
export type RunCounts = z.output<typeof RunCountsSchema>;

/** Errors kept per run; `counts.errors` has the total. */
export const RUN_ERRORS_KEPT = 100;

const RunErrorSchema = z.object({
  code: z.string(),
  message: z.string(),
  accountId: z.string().nullable(),
  /** The connection is paused until then (epoch ms), e.g. the CRM's daily API budget; it resumes by itself. */
  until: z.number().optional(),
});

export const RunRecordSchema = z.object({
  id: z.string().min(1),
  connectionId: ConnectionIdSchema,
  mode: z.enum(['full', 'incremental']),
  dryRun: z.boolean(),
  status: z.enum(['running', 'succeeded', 'failed']),
  startedAt: z.number(),
  endedAt: z.number().nullable(),
  counts: RunCountsSchema,
  /** CRM API calls by route. */
  apiCalls: z.record(z.string(), z.number().int().min(0)),
  errors: z.array(RunErrorSchema),
});
export type RunRecord = z.output<typeof RunRecordSchema>;
export type RunRecordInput = z.input<typeof RunRecordSchema>;

export interface RunStore {
  /** Creates or replaces a run (by connection and id); errors beyond RUN_ERRORS_KEPT are dropped. */
  save(run: RunRecordInput): Promise<RunRecord>;
  get(connectionId: string, runId: string): Promise<RunRecord | null>;
  /** The newest runs first (by startedAt); unreadable records are left out. */
  list(connectionId: string, limit?: number): Promise<RunRecord[]>;
}

// KEYS: runs hash, order zset. ARGV: run id, record JSON, startedAt, runs kept.
const SAVE = new Script(
  'run_save',
  `
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
local excess = redis.call('ZCARD', KEYS[2]) - tonumber(ARGV[4])
if excess > 0 then
  local old = redis.call('ZRANGE', KEYS[2], 0, excess - 1)
  redis.call('ZREMRANGEBYRANK', KEYS[2], 0, excess - 1)
  redis.call('HDEL', KEYS[1], unpack(old))
end
return 1
`,
);

export interface RunStoreOptions {
  /** Runs kept per connection. Default 500 (five days of 15-minute cycles). */
  keep?: number;
}

export class RedisRunStore implements RunStore {
  readonly #redis: RedisClient;
  readonly #keys: Keys;
  readonly #keep: number;

  constructor(redis: RedisClient, keys: Keys, options: RunStoreOptions = {}) {
    this.#redis = redis;
    this.#keys = keys;
    this.#keep = options.keep ?? 500;
  }

  async save(input: RunRecordInput): Promise<RunRecord> {
    const run = RunRecordSchema.parse({ ...input, errors: input.errors.slice(0, RUN_ERRORS_KEPT) });
    const keys = [this.#keys.runs(run.connectionId), this.#keys.runOrder(run.connectionId)];
    await SAVE.run(this.#redis, keys, [run.id, JSON.stringify(run), run.startedAt, this.#keep]);
    return run;
  }

  async get(connectionId: string, runId: string): Promise<RunRecord | null> {
    const raw = await this.#redis.hget(this.#keys.runs(connectionId), runId);
    const parsed = raw === null ? null : parseStored(RunRecordSchema, raw);
    return parsed?.ok ? parsed.value : null;
  }

  async list(connectionId: string, limit = 20): Promise<RunRecord[]> {
    const ids = await this.#redis.zrevrange(this.#keys.runOrder(connectionId), 0, Math.max(1, limit) - 1);
    if (ids.length === 0) return [];
    const raws = await this.#redis.hmget(this.#keys.runs(connectionId), ...ids);
    return raws.flatMap((raw) => {
      const parsed = raw == null ? null : parseStored(RunRecordSchema, raw);
      return parsed?.ok ? [parsed.value] : [];
    });
  }
}
