// In-memory twin of the Redis window store: the same sliding-window log, for tests and for a
// single process that shares its budget with no one.
import type { Taken, WindowRule, WindowStore } from './limiter.ts';

export class MemoryWindowStore implements WindowStore {
  readonly #windows = new Map<string, number[]>();
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  async take(key: string, rule: WindowRule, count: number): Promise<Taken> {
    const now = this.#now();
    const kept = (this.#windows.get(key) ?? []).filter((t) => t > now - rule.windowMs);
    const admitted = Math.max(0, Math.min(count, rule.limit - kept.length));
    for (let i = 0; i < admitted; i++) kept.push(now);
    this.#windows.set(key, kept);
    return { admitted, waitMs: admitted < count ? Math.max(1, kept[0]! + rule.windowMs - now) : 0 };
  }
}
