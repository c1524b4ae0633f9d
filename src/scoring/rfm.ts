// RFM segments over a connection's whole portfolio: recency, frequency and monetary quintiles of
// closed-won deals in the window, and a label (DOMAIN.md sections 2 and 9). Pure.
import type { Deal } from '../model/activity.ts';
import { DAY_MS } from '../model/dates.ts';
import type { Policy } from '../model/policy.ts';

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

/** Reads each account once, so a caller may hand them over one at a time (an iterator) rather than all built up front. */
export function rfmSegments(accounts: Iterable<RfmInput>, asOf: number, policy: Policy): Map<string, RfmSegment> {
  const from = asOf - policy.segments.rfm.windowDays * DAY_MS;
  const ids: string[] = [];
  const recency: number[] = [];
  const frequency: number[] = [];
  const monetary: number[] = [];
  for (const a of accounts) {
    let last = -Infinity;
    let count = 0;
    let amount = 0;
    for (const d of a.deals) {
      if (!d.won || d.closedAt == null || d.closedAt <= from || d.closedAt > asOf) continue;
      count++;
      amount += d.amount ?? 0;
      if (d.closedAt > last) last = d.closedAt;
    }
    if (count === 0) continue;
    ids.push(a.id);
    // Fewer days since the last win is better, so rank by the negated age.
    recency.push(-Math.floor((asOf - last) / DAY_MS));
    frequency.push(count);
    monetary.push(amount);
  }
  const rq = quintiles(recency);
  const fq = quintiles(frequency);
  const mq = quintiles(monetary);
  const out = new Map<string, RfmSegment>();
  ids.forEach((id, i) => {
    const r = rq[i]!;
    const f = fq[i]!;
    const m = mq[i]!;
    const label = rfmLabel(r, f, m);
    out.set(id, { r, f, m, label, text: `${label} R${r}F${f}M${m}` });
  });
  return out;
}
