// Counters shared by every crm-pulse process. Workers make the CRM calls and writes, the server
// answers /metrics: so each process adds its increments to one Redis hash (batched, flushed every
// few seconds and on close) and /metrics reads the totals back, whichever host served the scrape.
import type { Redis } from 'ioredis';

/** Each counter and the labels it takes; render.ts gives them their Prometheus names and help. */
export const COUNTERS = {
  api_calls: ['crm', 'route', 'status'],
  rate_limit_waits: ['crm'],
  rate_limit_wait_seconds: ['crm'],
  writes: ['crm', 'kind', 'outcome'],
  jobs: ['name', 'outcome'],
  webhook_events: ['crm', 'outcome'],
} as const;
export type CounterName = keyof typeof COUNTERS;
export type Labels<C extends CounterName> = Record<(typeof COUNTERS)[C][number], string>;

export interface Metrics {
  inc<C extends CounterName>(counter: C, labels: Labels<C>, by?: number): void;
}

/** Counts nothing: for code paths that are not observed (unit tests, `score`). */
export const noMetrics: Metrics = { inc: () => {} };

/** A hash field: the counter and its labels in a fixed order, so equal series add up. */
export function seriesField(counter: CounterName, labels: Record<string, string>): string {
  return `${counter}${JSON.stringify(COUNTERS[counter].map((name) => labels[name] ?? ''))}`;
}

export function metricsKey(prefix: string): string {
  return `${prefix}:metrics`;
}

export interface RedisMetricsOptions {
  /** How often buffered increments go to Redis. Default 5 s. */
  flushEveryMs?: number;
}

export class RedisMetrics implements Metrics {
  readonly #redis: Redis;
  readonly #key: string;
  readonly #pending = new Map<string, number>();
  readonly #timer: NodeJS.Timeout;

  constructor(redis: Redis, prefix: string, options: RedisMetricsOptions = {}) {
    this.#redis = redis;
    this.#key = metricsKey(prefix);
    this.#timer = setInterval(() => void this.flush().catch(() => {}), options.flushEveryMs ?? 5_000);
    // Metrics never keep a process alive.
    this.#timer.unref();
  }

  inc<C extends CounterName>(counter: C, labels: Labels<C>, by = 1): void {
    const field = seriesField(counter, labels);
    this.#pending.set(field, (this.#pending.get(field) ?? 0) + by);
  }

  /** Sends the buffered increments; increments that fail to send are kept for the next flush. */
  async flush(): Promise<void> {
    if (this.#pending.size === 0) return;
    const batch = [...this.#pending];
    this.#pending.clear();
    const pipeline = this.#redis.pipeline();
    for (const [field, by] of batch) pipeline.hincrbyfloat(this.#key, field, by);
    try {
      const replies = (await pipeline.exec()) ?? [];
      if (replies.some(([error]) => error)) throw new Error('metrics flush failed');
    } catch (error) {
      for (const [field, by] of batch) this.#pending.set(field, (this.#pending.get(field) ?? 0) + by);
      throw error;
    }
  }

  async close(): Promise<void> {
    clearInterval(this.#timer);
    await this.flush().catch(() => {});
  }
}
