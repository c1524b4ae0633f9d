// Webhook events, per connection: the event ids already seen, so a delivery the CRM retries
// (HubSpot retries for up to 24 hours) or sends twice is processed once, and the changes still
// to process. An event is saved before the delivery is answered, in one script with its seen
// mark: a crash before it leaves neither (the CRM delivers it again), a crash after it leaves
// the change pending until a webhook job takes it. Changes are kept by what they touch (one entry
// per company and what of it changed, or per history record), so the same company named again
// before a job takes it is one entry. A job settles what it processed only if no event changed
// the entry meanwhile (its stamp); anything else stays pending for the next job.
import type { HistoryKind, WebhookChange } from '../connectors/index.ts';
import { ConnectionIdSchema, type Keys } from './keys.ts';
import { Script, type RedisClient } from './redis.ts';

/** Longer than the CRMs' retry window (HubSpot: 24 hours), with a margin. */
export const DEFAULT_WEBHOOK_TTL_MS = 48 * 3_600_000;

export interface PendingChange {
  change: WebhookChange;
  /** When the first event still pending for this entry arrived (epoch ms). */
  since: number;
  /** Identifies the entry's state: changes when another event names the same thing. */
  stamp: string;
}

export interface WebhookEvents {
  eventId: string;
  changes: readonly WebhookChange[];
}

export interface WebhookEventStore {
  /** Marks event ids as seen and saves the changes of those seen for the first time; returns those ids. */
  record(connectionId: string, events: readonly WebhookEvents[], at: number): Promise<string[]>;
  /** Every change still pending, oldest first. */
  pending(connectionId: string): Promise<PendingChange[]>;
  /** How many changes are pending. */
  count(connectionId: string): Promise<number>;
  /** Drops processed changes, unless an event named the same thing again since they were read. */
  settle(connectionId: string, done: readonly PendingChange[]): Promise<void>;
}

// KEYS: pending hash, sequence, then the seen key of each event. ARGV: ttl, at, then per event
// its number of changes followed by their fields. Returns the indexes (1-based) of fresh events.
const RECORD = new Script(
  'webhookRecord',
  `local ttl, at = ARGV[1], ARGV[2]
local fresh = {}
local a = 3
for i = 3, #KEYS do
  local n = tonumber(ARGV[a])
  local isNew = redis.call('SET', KEYS[i], '1', 'PX', ttl, 'NX')
  for j = 1, n do
    if isNew then
      local field = ARGV[a + j]
      local seq = redis.call('INCR', KEYS[2])
      local old = redis.call('HGET', KEYS[1], field)
      local since = old and string.match(old, '^(%d+):') or at
      redis.call('HSET', KEYS[1], field, since .. ':' .. seq)
    end
  end
  if isNew then table.insert(fresh, i - 2) end
  a = a + n + 1
end
return fresh`,
);

// KEYS: pending hash. ARGV: field, stamp pairs. Deletes each field still holding its stamp.
const SETTLE = new Script(
  'webhookSettle',
  `for i = 1, #ARGV, 2 do
  if redis.call('HGET', KEYS[1], ARGV[i]) == ARGV[i + 1] then redis.call('HDEL', KEYS[1], ARGV[i]) end
end
return 0`,
);

const KINDS: readonly string[] = ['meeting', 'call', 'ticket', 'deal'] satisfies HistoryKind[];
const WHATS: readonly string[] = ['values', 'history', 'gone', ...KINDS];

/** `c:<what>:<company id>` or `r:<kind>:<record id>`. */
function field(change: WebhookChange): string {
  return change.on === 'company' ? `c:${change.what}:${change.id}` : `r:${change.on}:${change.id}`;
}

function parseField(f: string): WebhookChange | null {
  const m = /^([cr]):([a-z]+):(.+)$/s.exec(f);
  if (!m) return null;
  const [, scope, what, id] = m as unknown as [string, string, string, string];
  if (scope === 'c') return WHATS.includes(what) ? { on: 'company', id, what: what as 'values' } : null;
  return KINDS.includes(what) ? { on: what as HistoryKind, id } : null;
}

export class RedisWebhookEventStore implements WebhookEventStore {
  readonly #redis: RedisClient;
  readonly #keys: Keys;
  readonly #ttlMs: number;

  constructor(redis: RedisClient, keys: Keys, ttlMs = DEFAULT_WEBHOOK_TTL_MS) {
    this.#redis = redis;
    this.#keys = keys;
    this.#ttlMs = ttlMs;
  }

  async record(connectionId: string, events: readonly WebhookEvents[], at: number): Promise<string[]> {
    ConnectionIdSchema.parse(connectionId);
    const unique = [...new Map(events.map((e) => [e.eventId, e])).values()];
    if (unique.length === 0) return [];
    const keys = [this.#keys.webhookPending(connectionId), this.#keys.webhookSequence(connectionId), ...unique.map((e) => this.#keys.webhookSeen(connectionId, e.eventId))];
    const args = [this.#ttlMs, Math.floor(at), ...unique.flatMap((e) => [e.changes.length, ...e.changes.map(field)])];
    const fresh = (await RECORD.run(this.#redis, keys, args)) as number[];
    return fresh.map((i) => unique[i - 1]!.eventId);
  }

  async pending(connectionId: string): Promise<PendingChange[]> {
    const all = await this.#redis.hgetall(this.#keys.webhookPending(connectionId));
    const out: PendingChange[] = [];
    for (const [f, stamp] of Object.entries(all)) {
      const change = parseField(f);
      const since = Number(/^(\d+):\d+$/.exec(stamp)?.[1]);
      // An entry this version cannot read is dropped from view, not processed wrongly.
      if (change && Number.isFinite(since)) out.push({ change, since, stamp });
    }
    return out.sort((a, b) => a.since - b.since);
  }

  count(connectionId: string): Promise<number> {
    return this.#redis.hlen(this.#keys.webhookPending(connectionId));
  }

  async settle(connectionId: string, done: readonly PendingChange[]): Promise<void> {
    if (done.length === 0) return;
    await SETTLE.run(this.#redis, [this.#keys.webhookPending(connectionId)], done.flatMap((p) => [field(p.change), p.stamp]));
  }
}
