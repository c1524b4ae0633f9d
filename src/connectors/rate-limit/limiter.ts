// A rate limiter over named buckets ("api", "search") whose windows live in a WindowStore, so
// every process that talks to one CRM account shares one budget (Redis in production, memory in
// tests). A caller waits until its bucket has room; nothing is dropped.

export interface WindowRule {
  /** Requests admitted per window. */
  limit: number;
  windowMs: number;
}

/** Where windows are kept. `take` is atomic: it admits the request or says how long to wait. */
export interface WindowStore {
  /** Takes a slot in `key`'s window: 0 when admitted, else the milliseconds until one frees up. */
  take(key: string, rule: WindowRule): Promise<number>;
}

export interface RateLimiterOptions<B extends string> {
  store: WindowStore;
  /** Prefix of every key, e.g. `crm-pulse:rl:hubspot:<portal id>`: one budget per account. */
  keyPrefix: string;
  rules: Record<B, WindowRule>;
  /** How to wait; tests pass a fake. Default: setTimeout. */
  sleep?: (ms: number) => Promise<void>;
}

export const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export class RateLimiter<B extends string = string> {
  readonly #store: WindowStore;
  readonly #prefix: string;
  readonly #rules: Record<B, WindowRule>;
  readonly #sleep: (ms: number) => Promise<void>;

  constructor(options: RateLimiterOptions<B>) {
    for (const [bucket, rule] of Object.entries(options.rules) as [string, WindowRule][]) {
      if (!(rule.limit >= 1 && rule.windowMs >= 1)) throw new RangeError(`rate limit "${bucket}" needs a limit and a window of at least 1`);
    }
    this.#store = options.store;
    this.#prefix = options.keyPrefix;
    this.#rules = options.rules;
    this.#sleep = options.sleep ?? realSleep;
  }

  /** Resolves once a request in `bucket` may go out. */
  async acquire(bucket: B): Promise<void> {
    const rule = this.#rules[bucket];
    const key = `${this.#prefix}:${bucket}`;
    for (;;) {
      const waitMs = await this.#store.take(key, rule);
      if (waitMs <= 0) return;
      await this.#sleep(waitMs);
    }
  }
}
