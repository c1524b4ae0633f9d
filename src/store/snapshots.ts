// Score snapshots for trends and drops (DOMAIN.md section 9): one per account per UTC day, the
// day's last score and NPS, the newest 400 days kept. One hash per connection holds each
// account's snapshots as a compact JSON list `[[day, score, nps], ...]` (about 14 bytes a day);
// a Lua script updates one account atomically, so concurrent re-scores never lose a day.
import { z } from 'zod';
import { DAY_MS, dayNumber } from '../model/dates.ts';
import type { Snapshot } from '../model/state.ts';
import type { Keys } from './keys.ts';
import { exec, parseStored, Script, type RedisClient } from './redis.ts';

export interface SnapshotInput {
  accountId: string;
  /** When the score was computed (the run's as-of); its UTC day is the snapshot's day. */
  at: number;
  score: number | null;
  nps: number | null;
}

export interface SnapshotStore {
  /**
   * Each account's snapshots, oldest first, `date` at midnight UTC of the day; accounts without
   * any (or whose stored list is corrupt: trends then stay empty until new days accrue) get [].
   */
  getMany(connectionId: string, accountIds: readonly string[]): Promise<Map<string, Snapshot[]>>;
  /**
   * Records a page of scores: the day's entry is replaced by the last one written, and days older
   * than the window (counted back from the account's newest day, not the clock, so a fixed as-of
   * behaves the same) are dropped.
   */
  putMany(connectionId: string, snapshots: readonly SnapshotInput[]): Promise<void>;
  /** Forgets accounts deleted in the CRM. */
  deleteMany(connectionId: string, accountIds: readonly string[]): Promise<void>;
}

// KEYS[1]: the snapshots hash. ARGV: account id, day number, score, nps ('' = none), days kept.
// Entries that do not look like [day, ...] are dropped rather than failing the whole account.
const PUT = new Script(
  'snapshot_put',
  `
local day = tonumber(ARGV[2])
local keep = tonumber(ARGV[5])
local function num(s) if s == '' then return cjson.null end return tonumber(s) end
local entry = { day, num(ARGV[3]), num(ARGV[4]) }
local list = {}
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if raw then
  local ok, decoded = pcall(cjson.decode, raw)
  if ok and type(decoded) == 'table' then list = decoded end
end
local function valid(s) return type(s) == 'table' and type(s[1]) == 'number' end
local newest = day
for _, s in ipairs(list) do
  if valid(s) and s[1] > newest then newest = s[1] end
end
if day <= newest - keep then return 0 end
local out = {}
local placed = false
for _, s in ipairs(list) do
  if valid(s) and s[1] > newest - keep and s[1] ~= day then
    if not placed and s[1] > day then
      out[#out + 1] = entry
      placed = true
    end
    out[#out + 1] = s
  end
end
if not placed then out[#out + 1] = entry end
redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(out))
return 1
`,
);

const ListSchema = z.array(z.tuple([z.number().int(), z.number().nullable(), z.number().nullable()]));

export interface SnapshotStoreOptions {
  /** Days of snapshots kept per account. Default 400 (DOMAIN.md). */
  keepDays?: number;
}

export class RedisSnapshotStore implements SnapshotStore {
  readonly #redis: RedisClient;
  readonly #keys: Keys;
  readonly #keepDays: number;

  constructor(redis: RedisClient, keys: Keys, options: SnapshotStoreOptions = {}) {
    this.#redis = redis;
    this.#keys = keys;
    this.#keepDays = options.keepDays ?? 400;
    PUT.register(redis);
  }

  async getMany(connectionId: string, accountIds: readonly string[]): Promise<Map<string, Snapshot[]>> {
    const out = new Map<string, Snapshot[]>();
    if (accountIds.length === 0) return out;
    const raws = await this.#redis.hmget(this.#keys.snapshots(connectionId), ...accountIds);
    accountIds.forEach((id, i) => {
      const raw = raws[i];
      const parsed = raw == null ? null : parseStored(ListSchema, raw);
      const list = parsed?.ok ? parsed.value : [];
      out.set(
        id,
        list.map(([day, score, nps]) => ({ date: day * DAY_MS, score, nps })),
      );
    });
    return out;
  }

  async putMany(connectionId: string, snapshots: readonly SnapshotInput[]): Promise<void> {
    if (snapshots.length === 0) return;
    const key = this.#keys.snapshots(connectionId);
    // One script call per account: Redis serves other clients between them, unlike one long script.
    const pipeline = this.#redis.pipeline();
    for (const s of snapshots) {
      PUT.queue(pipeline, [key], [s.accountId, dayNumber(s.at), numberArg(s.score), numberArg(s.nps), this.#keepDays]);
    }
    await exec(pipeline);
  }

  async deleteMany(connectionId: string, accountIds: readonly string[]): Promise<void> {
    if (accountIds.length > 0) await this.#redis.hdel(this.#keys.snapshots(connectionId), ...accountIds);
  }
}

const numberArg = (n: number | null) => (n === null || !Number.isFinite(n) ? '' : String(n));
