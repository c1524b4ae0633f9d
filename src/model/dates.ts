// Date handling shared by every rule: instants are epoch milliseconds, calendar rules count whole
// UTC days. A date without a time (`2026-08-20`) is midnight UTC of that day.
import { z } from 'zod';

export const DAY_MS = 86_400_000;

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

/** Parses `YYYY-MM-DD`, an ISO 8601 date-time with zone, or epoch milliseconds; undefined when invalid. */
export function parseInstant(value: string | number): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (!DATE_ONLY.test(value) && !DATE_TIME.test(value)) return undefined;
  const ms = Date.parse(DATE_ONLY.test(value) ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(ms)) return undefined;
  // Date.parse rolls 2026-02-31 over to March; a calendar date must survive the round trip.
  if (DATE_ONLY.test(value) && new Date(ms).toISOString().slice(0, 10) !== value) return undefined;
  return ms;
}

/**
 * "As of" for a whole day means the end of it, so activity logged during that day counts and the
 * trailing window `(asOf - N days, asOf]` covers exactly N calendar days.
 */
export function parseAsOf(value: string): number | undefined {
  const ms = parseInstant(value);
  if (ms === undefined) return undefined;
  return DATE_ONLY.test(value) ? ms + DAY_MS - 1 : ms;
}

export function dayNumber(ms: number): number {
  return Math.floor(ms / DAY_MS);
}

export function formatDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** zod field for a date or date-time that arrives as a string (or epoch ms) and is held as epoch ms. */
export const instant = z.union([z.string(), z.number()]).transform((value, ctx) => {
  const ms = parseInstant(value);
  if (ms === undefined) {
    ctx.addIssue({ code: 'custom', message: `must be a date (YYYY-MM-DD) or ISO date-time, got ${JSON.stringify(value)}` });
    return z.NEVER;
  }
  return ms;
});

/** Adds business days (Monday to Friday, UTC, no holidays) to an instant. */
export function addBusinessDays(ms: number, days: number): number {
  let day = dayNumber(ms);
  let left = days;
  while (left > 0) {
    day += 1;
    // Day 0 of the epoch was a Thursday: (day + 4) % 7 gives 0 = Sunday .. 6 = Saturday.
    const weekday = (day + 4) % 7;
    if (weekday !== 0 && weekday !== 6) left -= 1;
  }
  return day * DAY_MS;
}
