// The as-of dates a backtest replays (DOMAIN.md section 11): every `stepDays` going back `months`
// from now, keeping only those whose horizon has fully passed. Oldest first.
import { DAY_MS } from '../../model/index.ts';

export interface DateRange {
  months: number;
  stepDays: number;
  horizonDays: number;
}

export function asOfDates(now: number, range: DateRange): number[] {
  const d = new Date(now);
  const earliest = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - range.months, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds());
  const latest = now - range.horizonDays * DAY_MS;
  const out: number[] = [];
  for (let t = now; t >= earliest; t -= range.stepDays * DAY_MS) if (t <= latest) out.push(t);
  return out.reverse();
}

/** The older two thirds of the dates (fitting) and the newer third (held out), oldest first. */
export function splitDates(dates: readonly number[]): { fit: number[]; heldOut: number[] } {
  const held = Math.floor(dates.length / 3);
  return { fit: dates.slice(0, dates.length - held), heldOut: dates.slice(dates.length - held) };
}
