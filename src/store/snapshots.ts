// Score snapshots for trends and drops (DOMAIN.md section 9): one per account per UTC day, the
// day's last score and NPS, the newest 400 days kept. One hash per connection holds each
// account's snapshots as a compact JSON list `[[day, score, nps], ...]` (about 14 bytes a day);
// a Lua script updates one account atomically, so concurrent re-scores never lose a day.
import { z } from 'zod';
import { DAY_MS, dayNumber, type Snapshot } from '../model/index.ts';
import type { Keys } from './keys.ts';
import { exec, parseStored, Script, type RedisClient } from './redis.ts';

export interface SnapshotInput {
  accountId: string;
  /** When the score was computed (the run's as-of); its UTC day is the snapshot's day. */
  at: number;
  score: number | null;
  nps: number | null;
}

/**
 * Whole UTC days from `from` to `to` (epoch ms, both included). The engine needs only the days it
 * compares with (policy.snapshots: asOf - (lookbackDays + toleranceDays) days to asOf -
 * lookbackDays days); asking for just those skips decoding up to 400 days per account, which
 * costs about 0.2 ms an account.
 */
export interface DayRange {
  from: number;
  to: number;
}

export interface SnapshotStore {
  /**
   * Each account's snapshots, oldest first, `date` at midnight UTC of the day; accounts without
   * any (or whose stored list is corrupt: trends then stay empty until new days accrue) get [].
   */
  getMany(connectionId: string, accountIds: readonly string[], range?: DayRange): Promise<Map<string, Snapshot[]>>;
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
// The daily case (a day after, or the same day as, the newest) edits the JSON text at its ends:
// decoding 400 entries per account would cost Redis ~0.7 ms a call, this ~20 us. Anything else
// (a backfill, a corrupt list) decodes it; entries that do not look like [day, ...] are dropped.
const PUT = new Script(
  'snapshot_put',
  `
local day = tonumber(ARGV[2])
local keep = tonumber(ARGV[5])
local function json(s) if s == '' then return 'null' end return s end
local entry = '[' .. ARGV[2] .. ',' .. json(ARGV[3]) .. ',' .. json(ARGV[4]) .. ']'
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if not raw then
  redis.call('HSET', KEYS[1], ARGV[1], '[' .. entry .. ']')
  return 1
end
local lastAt, lastDay
if string.sub(raw, 1, 2) == '[[' and string.sub(raw, -2) == ']]' then
  -- The last entry starts at the last '[' (Lua 5.1 has no reverse find; an end-anchored pattern
  -- backtracks at every '[' and costs as much as decoding).
  lastAt = #raw - string.find(string.reverse(raw), '[', 1, true) + 1
  lastDay = tonumber(string.match(raw, '^%[(%-?%d+),', lastAt))
end
if lastDay and day >= lastDay then
  if day == lastDay then
    raw = string.sub(raw, 1, lastAt - 1) .. entry .. ']'
  else
    raw = string.sub(raw, 1, -2) .. ',' .. entry .. ']'
  end
  while true do
    local first = tonumber(string.match(raw, '^%[%[(%-?%d+),'))
    if not first or first > day - keep then break end
    local cut = string.find(raw, '],[', 1, true)
    if not cut then break end
    raw = '[' .. string.sub(raw, cut + 2)
  end
  redis.call('HSET', KEYS[1], ARGV[1], raw)
  return 1
end
local list = {}
local ok, decoded = pcall(cjson.decode, raw)
if ok and type(decoded) == 'table' then list = decoded end
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
      out[#out + 1] = cjson.decode(entry)
      placed = true
    end
    out[#out + 1] = s
  end
end
if not placed then out[#out + 1] = cjson.decode(entry) end
redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(out))
return 1
`,
);

const EntrySchema = z.tuple([z.number().int(), z.number().nullable(), z.number().nullable()]);
const ListSchema = z.array(EntrySchema);

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

  async getMany(connectionId: string, accountIds: readonly string[], range?: DayRange): Promise<Map<string, Snapshot[]>> {
    const out = new Map<string, Snapshot[]>();
    if (accountIds.length === 0) return out;
    const raws = await this.#redis.hmget(this.#keys.snapshots(connectionId), ...accountIds);
    const days = range ? { from: dayNumber(range.from), to: dayNumber(range.to) } : null;
    accountIds.forEach((id, i) => {
      const raw = raws[i];
      const list = raw == null ? [] : days && days.to - days.from <= MAX_SEARCHED_DAYS ? searchDays(raw, days.from, days.to) : decodeAll(raw, days);
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

type Entry = z.output<typeof EntrySchema>;

function decodeAll(raw: string, days: { from: number; to: number } | null): Entry[] {
  const parsed = parseStored(ListSchema, raw);
  const list = parsed.ok ? parsed.value : [];
  return days ? list.filter(([day]) => day >= days.from && day <= days.to) : list;
}

// Past this many days one full decode is cheaper than a text search per day.
const MAX_SEARCHED_DAYS = 64;

/**
 * The entries of a few days, found in the JSON text: `[<day>,` starts an entry and nothing else
 * (scores follow a comma). Each entry found is validated on its own; a bad one is skipped.
 */
function searchDays(raw: string, from: number, to: number): Entry[] {
  const out: Entry[] = [];
  for (let day = from; day <= to; day++) {
    const start = raw.indexOf(`[${day},`);
    if (start === -1) continue;
    const end = raw.indexOf(']', start);
    const parsed = end === -1 ? null : parseStored(EntrySchema, raw.slice(start, end + 1));
    if (parsed?.ok) out.push(parsed.value);
  }
  return out;
}

const numberArg = (n: number | null) => (n === null || !Number.isFinite(n) ? '' : String(n));
