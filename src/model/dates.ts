// Date handling shared by every rule: instants are epoch milliseconds, calendar rules count whole
// UTC days. A date without a time (`2026-08-20`) is midnight UTC of that day.
import { z } from 'zod';

export const DAY_MS = 86_400_000;

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

function digits(s: string, from: number, count: number): number {
  let n = 0;
  for (let i = from; i < from + count; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/**
 * The two shapes CRMs send most, `YYYY-MM-DD` and `YYYY-MM-DDTHH:MM:SS[.mmm]Z`, read without
 * regex or Date.parse: date parsing dominated the CLI profile. Undefined for any other shape.
 */
function fastParse(s: string): number | undefined {
  const len = s.length;
  if ((len !== 10 && len !== 20 && len !== 24) || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return undefined;
  const y = digits(s, 0, 4);
  const mo = digits(s, 5, 2);
  const d = digits(s, 8, 2);
  if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > 31) return undefined;
  let h = 0;
  let mi = 0;
  let sec = 0;
  let ms = 0;
  if (len > 10) {
    if (s[10] !== 'T' || s[13] !== ':' || s[16] !== ':' || s[len - 1] !== 'Z') return undefined;
    h = digits(s, 11, 2);
    mi = digits(s, 14, 2);
    sec = digits(s, 17, 2);
    if (len === 24) {
      if (s[19] !== '.') return undefined;
      ms = digits(s, 20, 3);
    }
    if (h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 59 || ms < 0) return undefined;
  }
  if (d > daysInMonth(y, mo)) return undefined;
  return daysFromCivil(y, mo, d) * DAY_MS + ((h * 60 + mi) * 60 + sec) * 1000 + ms;
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (Hinnant's days-from-civil). */
function daysFromCivil(y0: number, m: number, d: number): number {
  const y = m <= 2 ? y0 - 1 : y0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Parses `YYYY-MM-DD`, an ISO 8601 date-time with zone, or epoch milliseconds; undefined when invalid. */
export function parseInstant(value: string | number): number | undefined {
  // Epoch ms beyond ±8.64e15 (the year 275760) are no date JavaScript can hold or format.
  if (typeof value === 'number') return Math.abs(value) <= 8.64e15 ? value : undefined;
  const fast = fastParse(value);
  if (fast !== undefined) return fast;
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

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

/**
 * `YYYY-MM-DD` of an instant's UTC day. Arithmetic (Hinnant's civil-from-days) rather than
 * `toISOString`, which dominated the scoring profile.
 */
export function formatDay(ms: number): string {
  const z = Math.floor(ms / DAY_MS) + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${y}-${pad2(m)}-${pad2(d)}`;
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
