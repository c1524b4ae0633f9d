// A rolling-window counter, the way the CRMs count requests: a request is admitted when fewer
// than `limit` were admitted in the `windowMs` before it. Refused requests do not count.

export class RollingWindow {
  readonly limit: number;
  readonly windowMs: number;
  // Admission times, oldest first; at most `limit` are ever kept.
  readonly #times: number[] = [];

  constructor(limit: number, windowMs: number) {
    this.limit = limit;
    this.windowMs = windowMs;
  }

  #expire(now: number): void {
    while (this.#times.length > 0 && this.#times[0]! <= now - this.windowMs) this.#times.shift();
  }

  /** Admits the request (true) or refuses it (false). */
  take(now: number): boolean {
    this.#expire(now);
    if (this.#times.length >= this.limit) return false;
    this.#times.push(now);
    return true;
  }

  remaining(now: number): number {
    this.#expire(now);
    return this.limit - this.#times.length;
  }
}
