// The org's API budget as Salesforce reports it on every REST answer, and the pause before it is
// spent. The budget is org-wide (every integration and user shares it) and a spent budget blocks
// the whole org, so crm-pulse stops well before: at a configurable share (default 80 %).
//
// https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/headers_api_usage.htm
// `Sforce-Limit-Info: api-usage=10018/100000; api-bursts=1/750`
//
// When to look again: Salesforce counts calls over the preceding 24 hours, a rolling window ("calls
// are blocked until usage for the preceding 24 hours drops below the limit", Setup > System
// Overview > API Usage), so there is no reset instant such as midnight to wait for: usage falls as
// calls age out of the window. A pause therefore ends after `recheckMs` (default 1 hour), when the
// next call's answer carries a fresh reading; if usage is still above the share it pauses again.
// One call an hour is a negligible cost, and waiting until a guessed reset could idle a
// connection for most of a day after a short burst by another integration.
import { ConnectionError, type ApiUsage } from '../../model/index.ts';

export type { ApiUsage };

export interface BudgetOptions {
  /** Pause when the org's 24-hour usage reaches this share of its allocation. Default 0.8. */
  pauseAtShare?: number;
  /** How long a pause lasts before the next call looks again. Default 1 hour. */
  recheckMs?: number;
}

/** `api-usage=used/max` of a Sforce-Limit-Info header; null when absent or unreadable. */
export function parseLimitInfo(header: string | undefined): { used: number; max: number } | null {
  const m = header ? /(?:^|[;\s])api-usage=(\d+)\/(\d+)/.exec(header) : null;
  if (!m) return null;
  const used = Number(m[1]);
  const max = Number(m[2]);
  return max > 0 ? { used, max } : null;
}

export class ApiBudget {
  readonly #pauseAt: number;
  readonly #recheckMs: number;
  #last: ApiUsage | null = null;

  constructor(options: BudgetOptions = {}) {
    const { pauseAtShare = 0.8, recheckMs = 3_600_000 } = options;
    if (!(pauseAtShare > 0 && pauseAtShare <= 1)) throw new RangeError(`the API budget share must be above 0 and at most 1, got ${pauseAtShare}`);
    this.#pauseAt = pauseAtShare;
    this.#recheckMs = recheckMs;
  }

  /** Records the reading of an answer's Sforce-Limit-Info header. */
  observe(header: string | undefined, now: number): void {
    const reading = parseLimitInfo(header);
    if (reading) this.#last = { ...reading, share: reading.used / reading.max, pauseAtShare: this.#pauseAt, at: now };
  }

  /** The latest reading, for the run summary and status; null before the first answer. */
  usage(): ApiUsage | null {
    return this.#last ? { ...this.#last } : null;
  }

  /**
   * Throws SALESFORCE_DAILY_BUDGET while the latest reading is at or past the pause share and
   * younger than `recheckMs`; after that one call goes out, and its answer is the new reading.
   */
  check(now: number): void {
    const u = this.#last;
    if (!u || u.share < this.#pauseAt || now >= u.at + this.#recheckMs) return;
    throw budgetPause(
      u.at + this.#recheckMs,
      `the org has used ${u.used.toLocaleString('en')} of its ${u.max.toLocaleString('en')} API calls of the last 24 hours (${Math.round(u.share * 100)} %), at or above crm-pulse's pause share of ${Math.round(this.#pauseAt * 100)} %`,
    );
  }

  /** How long a pause lasts before the next call looks again. */
  get recheckMs(): number {
    return this.#recheckMs;
  }
}

/** The pause after Salesforce itself refused a call with REQUEST_LIMIT_EXCEEDED (TotalRequests). */
export function budgetSpent(now: number, recheckMs: number, said: string): ConnectionError {
  return budgetPause(now + recheckMs, `Salesforce refused a call because the org's API allocation for the last 24 hours is spent (${said})`);
}

function budgetPause(until: number, why: string): ConnectionError {
  return new ConnectionError(
    'SALESFORCE_DAILY_BUDGET',
    `${why}. Every integration and user of the org shares this budget, and a spent budget blocks the whole org, so crm-pulse pauses this connection and looks again at ${new Date(until).toISOString()} (usage is counted over a rolling 24 hours). To avoid it: sync less often, lower other integrations' usage, or buy more API calls from Salesforce.`,
    until,
  );
}
