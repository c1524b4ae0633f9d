// What each account's last score was made from beyond its cached canonical values, and what it
// said: the summary of its activities (minutes, tickets by window), its deals, the snapshot it
// compared with, the as-of instant, the policy settings all of these depend on (scoring's
// keptBasisKey), and its score, band, tier, why and signals. One hash per connection. The impact
// preview re-scores the whole portfolio from it under a draft policy without reading history from
// the CRM, one small entry per account (about 400 bytes; the activities would take kilobytes and
// the full score with its explanation about 1 KB, too slow to parse 100,000 times in seconds).
import { z } from 'zod';
import { HEALTH_BANDS, type Band, type Deal, type Snapshot } from '../model/index.ts';
import type { ActivitySummary } from '../scoring/index.ts';
import type { Keys } from './keys.ts';
import { parseStored, type RedisClient } from './redis.ts';

// The summary as a fixed-order tuple: the names would double the entry's size.
const SUMMARY_FIELDS = ['engagementMinutes', 'meetings', 'calls', 'emails', 'notes', 'openHigh', 'openOther', 'ticketsRecent', 'ticketsPrevious'] as const satisfies readonly (keyof ActivitySummary)[];
const count = z.number().min(0);
const maybe = <T extends z.ZodType>(t: T) => t.nullable();

// Deals as the score read them (already validated then, dates in epoch ms): kept lean, as a
// deal schema with date parsing costs more than all the rest of an entry.
const DealSchema = z.tuple([z.string(), maybe(z.string()), maybe(z.string()), maybe(z.number()), z.boolean(), maybe(z.number())]);

const EntrySchema = z.object({
  a: z.number(),
  b: z.string(),
  s: z.tuple([count, count, count, count, count, count, count, count, count]),
  d: z.array(DealSchema),
  c: z.tuple([z.number(), maybe(z.number()), maybe(z.number())]).nullable(),
  p: z.tuple([maybe(z.number()), z.enum(HEALTH_BANDS), z.string(), z.string(), z.array(z.string())]),
});

/** What an account's score said: the impact preview's "before". */
export interface ScoredAs {
  score: number | null;
  band: Band;
  tier: string;
  why: string;
  /** Churn-signal codes. */
  signals: string[];
}

export interface ScoredFrom {
  accountId: string;
  /** The instant the account was scored as of. */
  asOf: number;
  /** keptBasisKey of the policy it was scored under. */
  basis: string;
  summary: ActivitySummary;
  deals: Deal[];
  /** The snapshot the score compared with (trend, drops), or null. */
  compared: Snapshot | null;
  scored: ScoredAs;
}

export interface SummaryStore {
  setMany(connectionId: string, entries: readonly ScoredFrom[]): Promise<void>;
  getMany(connectionId: string, accountIds: readonly string[]): Promise<Map<string, ScoredFrom>>;
  /** Every account's entry, about `count` a page (unreadable entries are left out). */
  scan(connectionId: string, count?: number): AsyncIterable<ScoredFrom[]>;
  deleteMany(connectionId: string, accountIds: readonly string[]): Promise<void>;
}

export class RedisSummaryStore implements SummaryStore {
  readonly #redis: RedisClient;
  readonly #keys: Keys;

  constructor(redis: RedisClient, keys: Keys) {
    this.#redis = redis;
    this.#keys = keys;
  }

  async setMany(connectionId: string, entries: readonly ScoredFrom[]): Promise<void> {
    if (entries.length === 0) return;
    const args = entries.flatMap((e) => [e.accountId, JSON.stringify(encode(e))]);
    await this.#redis.hset(this.#keys.summaries(connectionId), ...args);
  }

  async getMany(connectionId: string, accountIds: readonly string[]): Promise<Map<string, ScoredFrom>> {
    const out = new Map<string, ScoredFrom>();
    if (accountIds.length === 0) return out;
    const raws = await this.#redis.hmget(this.#keys.summaries(connectionId), ...accountIds);
    accountIds.forEach((id, i) => {
      const entry = raws[i] == null ? null : decode(id, raws[i]!);
      if (entry) out.set(id, entry);
    });
    return out;
  }

  async *scan(connectionId: string, count = 1000): AsyncIterable<ScoredFrom[]> {
    const key = this.#keys.summaries(connectionId);
    let cursor = '0';
    do {
      const [next, flat] = await this.#redis.hscan(key, cursor, 'COUNT', count);
      cursor = next;
      const page: ScoredFrom[] = [];
      for (let i = 0; i + 1 < flat.length; i += 2) {
        const entry = decode(flat[i]!, flat[i + 1]!);
        if (entry) page.push(entry);
      }
      if (page.length > 0) yield page;
    } while (cursor !== '0');
  }

  async deleteMany(connectionId: string, accountIds: readonly string[]): Promise<void> {
    if (accountIds.length > 0) await this.#redis.hdel(this.#keys.summaries(connectionId), ...accountIds);
  }
}

function encode(e: ScoredFrom): z.input<typeof EntrySchema> {
  const { score, band, tier, why, signals } = e.scored;
  return {
    a: e.asOf,
    b: e.basis,
    s: SUMMARY_FIELDS.map((f) => e.summary[f]) as z.input<typeof EntrySchema>['s'],
    d: e.deals.map((d) => [d.id, d.name ?? null, d.ownerId ?? null, d.amount ?? null, d.won, d.closedAt ?? null]),
    c: e.compared ? [e.compared.date, e.compared.score ?? null, e.compared.nps ?? null] : null,
    p: [score, band, tier, why, signals],
  };
}

function decode(accountId: string, raw: string): ScoredFrom | null {
  const parsed = parseStored(EntrySchema, raw);
  if (!parsed.ok) return null;
  const { a, b, s, d, c, p } = parsed.value;
  const summary = Object.fromEntries(SUMMARY_FIELDS.map((f, i) => [f, s[i]!])) as unknown as ActivitySummary;
  return {
    accountId,
    asOf: a,
    basis: b,
    summary,
    deals: d.map(([id, name, ownerId, amount, won, closedAt]) => ({ id, name, ownerId, amount, won, closedAt })),
    compared: c ? { date: c[0], score: c[1], nps: c[2] } : null,
    scored: { score: p[0], band: p[1], tier: p[2], why: p[3], signals: p[4] },
  };
}
