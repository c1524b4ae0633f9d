// Webhook event ids already seen, per connection, so a delivery the CRM retries (HubSpot retries
// for up to 24 hours) or sends twice is processed once. Each id expires after a TTL, so the set
// never grows without bound. The in-memory twin serves HTTP unit tests without Redis.
import { ConnectionIdSchema, type Keys } from './keys.ts';
import { exec, type RedisClient } from './redis.ts';

/** Longer than the CRMs' retry window (HubSpot: 24 hours), with a margin. */
export const DEFAULT_WEBHOOK_TTL_MS = 48 * 3_600_000;

export interface WebhookEventStore {
  /** Marks event ids as seen and returns those seen for the first time, in order: process only these. */
  firstSeen(connectionId: string, eventIds: readonly string[]): Promise<string[]>;
  /** Un-marks ids whose processing failed (e.g. the job could not be queued), so the CRM's retry is processed. */
  forget(connectionId: string, eventIds: readonly string[]): Promise<void>;
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

  async firstSeen(connectionId: string, eventIds: readonly string[]): Promise<string[]> {
    const ids = [...new Set(eventIds)];
    if (ids.length === 0) return [];
    ConnectionIdSchema.parse(connectionId);
    const pipeline = this.#redis.pipeline();
    for (const id of ids) pipeline.set(this.#keys.webhookSeen(connectionId, id), '1', 'PX', this.#ttlMs, 'NX');
    const results = await exec(pipeline);
    return ids.filter((_, i) => results[i] === 'OK');
  }

  async forget(connectionId: string, eventIds: readonly string[]): Promise<void> {
    if (eventIds.length === 0) return;
    ConnectionIdSchema.parse(connectionId);
    await this.#redis.unlink(...eventIds.map((id) => this.#keys.webhookSeen(connectionId, id)));
  }
}

export class MemoryWebhookEventStore implements WebhookEventStore {
  readonly #seen = new Map<string, number>();
  readonly #ttlMs: number;
  readonly #now: () => number;

  constructor(ttlMs = DEFAULT_WEBHOOK_TTL_MS, now: () => number = Date.now) {
    this.#ttlMs = ttlMs;
    this.#now = now;
  }

  async firstSeen(connectionId: string, eventIds: readonly string[]): Promise<string[]> {
    const now = this.#now();
    const fresh: string[] = [];
    for (const id of new Set(eventIds)) {
      const key = `${connectionId}\n${id}`;
      const expires = this.#seen.get(key);
      if (expires !== undefined && expires > now) continue;
      this.#seen.set(key, now + this.#ttlMs);
      fresh.push(id);
    }
    return fresh;
  }

  async forget(connectionId: string, eventIds: readonly string[]): Promise<void> {
    for (const id of eventIds) this.#seen.delete(`${connectionId}\n${id}`);
  }
}
