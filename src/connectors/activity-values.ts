// Durations and deal amounts as both CRMs' history mappers read them, held to the model's bounds
// (a meeting or call at most a day, money at most 1e15). A value outside them is not scored: the
// mapper gets what to use instead and a sentence for the admin, reported per account as BAD_VALUE.
import { MAX_MEETING_MINUTES, MAX_MONEY } from '../model/index.ts';

/** Reports one unreadable activity or deal value of the account being read. */
export type Report = (problem: string) => void;

const fmt = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 2 });

/**
 * Minutes of a meeting or call; a negative one counts as 0 (an end before its start). One longer
 * than a day, or not a number, counts as no duration (see MAX_MEETING_MINUTES for why it is not
 * clamped) and is reported.
 */
export function meetingMinutes(minutes: number, what: string, report: Report): number {
  if (minutes <= MAX_MEETING_MINUTES) return Math.max(0, minutes);
  const reason = Number.isNaN(minutes) ? 'the duration is not a number' : `${Number.isFinite(minutes) ? fmt(minutes) : 'more than 1e308'} minutes is longer than a day`;
  report(`${what}: ${reason} (at most ${fmt(MAX_MEETING_MINUTES)} minutes); scored as 0 minutes`);
  return 0;
}

/** A deal's amount; one beyond ±1e15 or not a number is reported and read as no amount. */
export function dealAmount(amount: number | null, what: string, report: Report): number | null {
  if (amount === null || Math.abs(amount) <= MAX_MONEY) return amount;
  report(`${what}: ${Number.isNaN(amount) ? 'the amount is not a number' : `amount ${String(amount)} is beyond ±${fmt(MAX_MONEY)}`}; read as no amount`);
  return null;
}
