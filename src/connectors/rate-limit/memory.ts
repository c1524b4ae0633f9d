// In-memory twin of the Redis window store: the same sliding-window log, for tests and for a
// single process that shares its budget with no one.
import type { WindowRule, WindowStore } from './limiter.ts';

export class MemoryWindowStore implements WindowStore {
  readonly #windows = new Map<string, number[]>();
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  async take(key: string, rule: WindowRule): Promise<number> {
    const now = this.#now();
    const kept = (this.#windows.get(key) ?? []).filter((t) => t > now - rule.windowMs);
    if (kept.length < rule.limit) {
      kept.push(now);
      this.#windows.set(key, kept);
      return 0;
    }
    this.#windows.set(key, kept);
    return Math.max(1, kept[0]! + rule.windowMs - now);
  }
}
