// Fault knobs of a sandbox server: a share of 5xx answers, a share of connections reset, slow
// answers, a share of Salesforce records refused UNABLE_TO_LOCK_ROW, and a 429 storm (the CRM's rate-limit answer to every request for a while, as when
// other apps of the account spend the shared budget). Half of the 5xx and resets strike after the
// request took effect (the answer is lost, not the write), which is what makes retries unsafe.
import { z } from 'zod';
import { rng, type Random } from './random.ts';

export const FaultsSchema = z
  .object({
    /** Share of requests answered 500 / 502 / 503 (0..1). Default 0. */
    share5xx: z.number().min(0).max(1).default(0),
    /** Share of requests whose connection is reset (0..1). Default 0. */
    shareReset: z.number().min(0).max(1).default(0),
    /**
     * Salesforce only: share of records in an sObject Collections write refused with
     * UNABLE_TO_LOCK_ROW (another transaction held the row; nothing of the record saved). Default 0.
     */
    shareLockRow: z.number().min(0).max(1).default(0),
    /** Every answer waits this long. Default 0. */
    slowMs: z.number().int().min(0).max(600_000).default(0),
    /** 429 storms: every request is refused for `stormMs` out of every `stormEveryMs`, from the start. */
    storm: z.boolean().default(false),
    stormMs: z.number().int().min(1).default(5_000),
    stormEveryMs: z.number().int().min(1).default(30_000),
    /** Seed of the fault draws. Default 1. */
    seed: z.number().int().default(1),
  })
  .strict()
  .refine((f) => !f.storm || f.stormMs < f.stormEveryMs, { message: 'a storm must be shorter than its period (stormMs < stormEveryMs)' });
export type Faults = z.output<typeof FaultsSchema>;
export type FaultsInput = z.input<typeof FaultsSchema>;

export type FaultDecision =
  | { kind: 'none' }
  | { kind: 'storm' }
  | { kind: 'reset' | '5xx'; after: boolean; status: number };

export class FaultPlan {
  readonly #f: Faults;
  readonly #random: Random;
  readonly #started: number;

  constructor(faults: FaultsInput, now: number) {
    this.#f = FaultsSchema.parse(faults);
    this.#random = rng(this.#f.seed);
    this.#started = now;
  }

  get slowMs(): number {
    return this.#f.slowMs;
  }

  decide(now: number): FaultDecision {
    const f = this.#f;
    if (f.storm && (now - this.#started) % f.stormEveryMs < f.stormMs) return { kind: 'storm' };
    const x = this.#random();
    const after = this.#random() < 0.5;
    if (x < f.shareReset) return { kind: 'reset', after, status: 0 };
    if (x < f.shareReset + f.share5xx) return { kind: '5xx', after, status: [500, 502, 503][Math.floor(this.#random() * 3)]! };
    return { kind: 'none' };
  }
}
