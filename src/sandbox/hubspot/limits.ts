// HubSpot's API limits as the sandbox portal enforces them, with HubSpot's answers: a rolling
// ten-second limit (110 for marketplace apps; 100 or 190 for private apps), searches about 5 a
// second (exempt from the ten-second limit), and a daily limit that resets at midnight (UTC here).
// Over a limit: 429 with {"status":"error","errorType":"RATE_LIMIT","policyName":...} and the
// X-HubSpot-RateLimit-* headers (https://developers.hubspot.com/docs/guides/apps/api-usage/usage-details).
// Every other answer carries the headers too, searches excepted.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { SandboxAnswer } from '../model.ts';
import { RollingWindow } from '../rolling-window.ts';

const DAY_MS = 86_400_000;

export const HubSpotLimitsSchema = z
  .object({
    /** Requests per ten seconds. Default 110. */
    requestsPer10s: z.number().int().min(1).default(110),
    /** Searches per second. Default 5. */
    searchPerSecond: z.number().int().min(1).default(5),
    /** Requests per day. Default 500,000 (Professional). */
    daily: z.number().int().min(1).default(500_000),
    /**
     * Shrinks both windows (and the interval the headers state) by this factor, so tests can
     * meet a rate limit in milliseconds. Default 1: HubSpot's own windows.
     */
    timeScale: z.number().positive().max(1).default(1),
  })
  .strict();
export type HubSpotLimitsInput = z.input<typeof HubSpotLimitsSchema>;

export type Bucket = 'api' | 'search';
export type Policy = 'TEN_SECONDLY_ROLLING' | 'SECONDLY' | 'DAILY';

export class HubSpotLimits {
  readonly #l: z.output<typeof HubSpotLimitsSchema>;
  readonly #tenSecondly: RollingWindow;
  readonly #secondly: RollingWindow;
  #day = -1;
  #usedToday = 0;

  constructor(limits: HubSpotLimitsInput) {
    this.#l = HubSpotLimitsSchema.parse(limits);
    this.#tenSecondly = new RollingWindow(this.#l.requestsPer10s, Math.round(10_000 * this.#l.timeScale));
    this.#secondly = new RollingWindow(this.#l.searchPerSecond, Math.max(1, Math.round(1_000 * this.#l.timeScale)));
  }

  /** Calls answered today (what X-HubSpot-RateLimit-Daily-Remaining is counted from). */
  get usedToday(): number {
    return this.#usedToday;
  }

  #headers(now: number, bucket: Bucket): Record<string, string> {
    const w = bucket === 'api' ? this.#tenSecondly : this.#secondly;
    return {
      'x-hubspot-ratelimit-interval-milliseconds': String(w.windowMs),
      'x-hubspot-ratelimit-max': String(w.limit),
      'x-hubspot-ratelimit-remaining': String(w.remaining(now)),
      'x-hubspot-ratelimit-daily': String(this.#l.daily),
      'x-hubspot-ratelimit-daily-remaining': String(Math.max(0, this.#l.daily - this.#usedToday)),
    };
  }

  /** Admits a request (its answer's headers) or refuses it (the 429 answer). */
  take(now: number, bucket: Bucket): { ok: true; headers: Record<string, string> } | { ok: false; answer: SandboxAnswer } {
    const day = Math.floor(now / DAY_MS);
    if (day !== this.#day) {
      this.#day = day;
      this.#usedToday = 0;
    }
    if (this.#usedToday >= this.#l.daily) return { ok: false, answer: this.refusal(now, 'DAILY', bucket) };
    const admitted = bucket === 'api' ? this.#tenSecondly.take(now) : this.#secondly.take(now);
    if (!admitted) return { ok: false, answer: this.refusal(now, bucket === 'api' ? 'TEN_SECONDLY_ROLLING' : 'SECONDLY', bucket) };
    this.#usedToday += 1;
    return { ok: true, headers: bucket === 'search' ? {} : this.#headers(now, bucket) };
  }

  refusal(now: number, policy: Policy, bucket: Bucket): SandboxAnswer {
    const name = { TEN_SECONDLY_ROLLING: 'ten_secondly_rolling', SECONDLY: 'secondly', DAILY: 'daily' }[policy];
    return {
      status: 429,
      body: { status: 'error', message: `You have reached your ${name} limit.`, errorType: 'RATE_LIMIT', correlationId: randomUUID(), policyName: policy, requestId: randomUUID() },
      headers: { ...this.#headers(now, bucket), 'x-hubspot-ratelimit-remaining': '0' },
    };
  }
}
