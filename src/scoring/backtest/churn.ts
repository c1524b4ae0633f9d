// The churn event (DOMAIN.md section 11): the mapped `churnedAt` when it is mapped; otherwise a
// contract that ended without renewal. A renewal moves `contractEnd`, so a contract end counts
// only when it was still the value in force on its own date (a renewal recorded before it had
// already moved it), and no closed-won deal closed from `renewalLookbackDays` before it to
// `renewalGraceDays` after it. The grace must have passed: until then a renewal may still come.
import { DAY_MS, parseInstant } from '../../model/index.ts';
import { valueAt, valuesHeld, type AccountHistory } from './history.ts';

export interface ChurnRules {
  /** `churnedAt` is mapped: it alone decides. */
  churnedAtMapped: boolean;
  renewalGraceDays: number;
  renewalLookbackDays: number;
}

export interface ChurnFacts {
  /** The current `churnedAt` value (an instant), when mapped. */
  churnedAt: number | null;
  /** History of `contractEnd` (instants), and of the rest, for the value in force on a date. */
  history: AccountHistory;
  /** Close dates of the account's closed-won deals. */
  wins: readonly number[];
}

const asInstant = (v: unknown): number | null => (typeof v === 'number' ? v : typeof v === 'string' ? (parseInstant(v) ?? null) : null);

/** When the account churned, as known at `now`; null if it has not (or the history cannot tell). */
export function churnDate(facts: ChurnFacts, rules: ChurnRules, now: number): number | null {
  if (rules.churnedAtMapped) return facts.churnedAt !== null && facts.churnedAt <= now ? facts.churnedAt : null;
  const ends = valuesHeld(facts.history, 'contractEnd')
    .map(asInstant)
    .filter((e): e is number => e !== null)
    .sort((a, b) => a - b);
  for (const end of ends) {
    if (end + rules.renewalGraceDays * DAY_MS > now) break;
    if (asInstant(valueAt(facts.history, 'contractEnd', end)) !== end) continue;
    const from = end - rules.renewalLookbackDays * DAY_MS;
    const to = end + rules.renewalGraceDays * DAY_MS;
    if (!facts.wins.some((w) => w >= from && w <= to)) return end;
  }
  return null;
}
