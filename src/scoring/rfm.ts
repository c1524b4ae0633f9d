// RFM segments over a connection's whole portfolio: recency, frequency and monetary quintiles of
// closed-won deals in the window, and a label (DOMAIN.md sections 2 and 9). Pure.
import { type Deal, dayNumber, type Policy } from '../model/index.ts';

export type RfmLabel = 'champion' | 'loyal' | 'at_risk' | 'hibernating' | 'new' | 'potential';

export interface RfmSegment {
  r: number;
  f: number;
  m: number;
  label: RfmLabel;
  /** What is written to the CRM, e.g. `champion R5F4M5`. */
  text: string;
}

export interface RfmInput {
  id: string;
  deals: readonly Deal[];
}

/** Quintile 1..5 of each value; ties share the lower quintile. */
export function quintiles(values: readonly number[]): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  const n = values.length;
  return values.map((v) => {
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid]! < v) lo = mid + 1;
      else hi = mid;
    }
    return Math.floor((5 * lo) / n) + 1;
  });
}

export function rfmLabel(r: number, f: number, m: number): RfmLabel {
  if (r >= 4 && f >= 4 && m >= 4) return 'champion';
  if (f >= 4) return 'loyal';
  if (r <= 2 && f >= 3) return 'at_risk';
  if (r <= 2 && f <= 2) return 'hibernating';
  if (r >= 4 && f === 1) return 'new';
  return 'potential';
}

/** Whether a win closed at `closedAt` counts for RFM as of `asOf`: within the last `windowDays` UTC dates, the as-of one included. */
export function inRfmWindow(closedAt: number, asOf: number, windowDays: number): boolean {
  return closedAt <= asOf && dayNumber(asOf) - dayNumber(closedAt) < windowDays;
}

/** The deal fields RFM reads: a win's close time and amount. */
export type RfmDeal = Pick<Deal, 'won' | 'closedAt' | 'amount'>;

/**
 * The portfolio's RFM ranking, fed one account at a time. It keeps three numbers an account and
 * makes a segment only when asked for one, so ranking a connection of 100,000 accounts holds a
 * few megabytes rather than every account's deals and segment at once. An account added twice
 * (a store scan may return an entry twice) counts once, as last given.
 */
export class RfmRanking {
  readonly #asOf: number;
  readonly #windowDays: number;
  readonly #index = new Map<string, number>();
  readonly #recency: number[] = [];
  readonly #frequency: number[] = [];
  readonly #monetary: number[] = [];
  #quintiles: { r: number[]; f: number[]; m: number[] } | null = null;

  // Recency and the window count whole UTC days, as every calendar rule does (model/dates.ts): the
  // ranking holds still through a day and moves when a win comes or the day turns. Counted in
  // elapsed time, each win aged past a day boundary at its own time of day, and a tie group of a
  // few hundred accounts could change quintile between two cycles twenty minutes apart, each a
  // CRM write for nothing that happened.
  constructor(asOf: number, policy: Policy) {
    this.#asOf = asOf;
    this.#windowDays = policy.segments.rfm.windowDays;
  }

  /** Ranks the account by its wins in the window; one without any gets no segment. */
  add(id: string, deals: Iterable<RfmDeal>): void {
    let last = -Infinity;
    let count = 0;
    let amount = 0;
    for (const d of deals) {
      if (!d.won || d.closedAt == null || !inRfmWindow(d.closedAt, this.#asOf, this.#windowDays)) continue;
      count++;
      amount += d.amount ?? 0;
      if (d.closedAt > last) last = d.closedAt;
    }
    if (count === 0) return;
    this.#quintiles = null;
    const i = this.#index.get(id) ?? this.#recency.length;
    this.#index.set(id, i);
    // Fewer days since the last win is better, so rank by the negated age.
    this.#recency[i] = dayNumber(last) - dayNumber(this.#asOf);
    this.#frequency[i] = count;
    this.#monetary[i] = amount;
  }

  /** The account's segment among every account added so far, or undefined without a win in the window. */
  segment(id: string): RfmSegment | undefined {
    const i = this.#index.get(id);
    if (i === undefined) return undefined;
    this.#quintiles ??= { r: quintiles(this.#recency), f: quintiles(this.#frequency), m: quintiles(this.#monetary) };
    const { r: rq, f: fq, m: mq } = this.#quintiles;
    const r = rq[i]!;
    const f = fq[i]!;
    const m = mq[i]!;
    const label = rfmLabel(r, f, m);
    return { r, f, m, label, text: `${label} R${r}F${f}M${m}` };
  }

  /** The accounts that have a segment. */
  ranked(): IterableIterator<string> {
    return this.#index.keys();
  }
}

/** Every account's segment at once, for portfolios small enough to hold (the CLI's `score --segments`). */
export function rfmSegments(accounts: Iterable<RfmInput>, asOf: number, policy: Policy): Map<string, RfmSegment> {
  const ranking = new RfmRanking(asOf, policy);
  for (const a of accounts) ranking.add(a.id, a.deals);
  return new Map([...ranking.ranked()].map((id) => [id, ranking.segment(id)!]));
}
