// What each account's last score was made from beyond its cached canonical values: the summary
// of its activities (minutes, tickets by window), its deals, the as-of instant and the policy
// settings the summary was counted under (scoring's summaryBasisKey), one hash per connection.
// The impact preview re-scores the whole portfolio from it under a draft policy without reading
// any history from the CRM; about 200 bytes an account, where the activities themselves would
// take kilobytes.
import { z } from 'zod';
import { DealSchema, type Deal } from '../model/index.ts';
import type { ActivitySummary } from '../scoring/index.ts';
import type { Keys } from './keys.ts';
import { parseStored, type RedisClient } from './redis.ts';

// The summary as a fixed-order tuple: the names would double the entry's size.
const SUMMARY_FIELDS = ['engagementMinutes', 'meetings', 'calls', 'emails', 'notes', 'openHigh', 'openOther', 'ticketsRecent', 'ticketsPrevious'] as const satisfies readonly (keyof ActivitySummary)[];
const count = z.number().min(0);

const EntrySchema = z.object({
  a: z.number(),
  b: z.string(),
  s: z.tuple([count, count, count, count, count, count, count, count, count]),
  d: z.array(DealSchema),
});

export interface ScoredFrom {
  accountId: string;
  /** The instant the account was scored as of. */
  asOf: number;
  /** summaryBasisKey of the policy it was scored under. */
  basis: string;
  summary: ActivitySummary;
  deals: Deal[];
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
    const args = entries.flatMap((e) => [e.accountId, JSON.stringify({ a: e.asOf, b: e.basis, s: SUMMARY_FIELDS.map((f) => e.summary[f]), d: e.deals })]);
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

function decode(accountId: string, raw: string): ScoredFrom | null {
  const parsed = parseStored(EntrySchema, raw);
  if (!parsed.ok) return null;
  const { a, b, s, d } = parsed.value;
  const summary = Object.fromEntries(SUMMARY_FIELDS.map((f, i) => [f, s[i]!])) as unknown as ActivitySummary;
  return { accountId, asOf: a, basis: b, summary, deals: d };
}
