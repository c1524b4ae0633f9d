// A rate limiter over named buckets ("api", "search") whose windows live in a WindowStore, so
// every process that talks to one CRM account shares one budget (Redis in production, memory in
// tests). A caller waits until its bucket has room; nothing is dropped.
//
// Within a process, the callers of one bucket wait in line and one take asks the store for a slot
// for each of them: the store admits as many as the window has room for, in arrival order, and
// says how long the rest must wait. When every waiter polled on its own, each slot that freed woke
// them all and all but one were refused: with 32 jobs at once on a worker, a bucket with dozens of
// requests waiting cost dozens of refused takes per admitted request (a tenth of a worker's CPU
// and a third of Redis's in bench/tenants.ts). Processes still share the window through the
// store, so the budget stays one per account.

export interface WindowRule {
  /** Requests admitted per window. */
  limit: number;
  windowMs: number;
}

export interface Taken {
  /** Slots taken: at most the count asked for. */
  admitted: number;
  /** When fewer than asked were admitted: the milliseconds until a slot frees up; else 0. */
  waitMs: number;
}

/** Where windows are kept. `take` is atomic: it admits what the window has room for and says how long the rest must wait. */
export interface WindowStore {
  /** Takes up to `count` slots in `key`'s window. */
  take(key: string, rule: WindowRule, count: number): Promise<Taken>;
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

interface Waiter {
  admit(): void;
  fail(error: unknown): void;
}

export class RateLimiter<B extends string = string> {
  readonly #store: WindowStore;
  readonly #prefix: string;
  readonly #rules: Record<B, WindowRule>;
  readonly #sleep: (ms: number) => Promise<void>;
  /** Per bucket key, the callers waiting in line; a key is present while its line is served. */
  readonly #lines = new Map<string, Waiter[]>();

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
  acquire(bucket: B): Promise<void> {
    const key = `${this.#prefix}:${bucket}`;
    return new Promise<void>((admit, fail) => {
      const line = this.#lines.get(key);
      if (line) {
        line.push({ admit, fail });
        return;
      }
      const started: Waiter[] = [{ admit, fail }];
      this.#lines.set(key, started);
      void this.#serve(key, this.#rules[bucket], started);
    });
  }

  async #serve(key: string, rule: WindowRule, line: Waiter[]): Promise<void> {
    while (line.length > 0) {
      const asked = line.length;
      let taken: Taken;
      try {
        taken = await this.#store.take(key, rule, asked);
      } catch (error) {
        // The store failed the callers it was asked for; those who came since ask again.
        for (const w of line.splice(0, asked)) w.fail(error);
        continue;
      }
      for (const w of line.splice(0, taken.admitted)) w.admit();
      if (line.length > 0 && taken.admitted < asked) await this.#sleep(taken.waitMs);
    }
    this.#lines.delete(key);
  }
}
