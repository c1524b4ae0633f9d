// When HubSpot's daily budget comes back: a pure function of the clock and the account's time
// zone, so the tests pin it exactly.
import { DAY_MS } from '../../model/index.ts';

/** Offset of a time zone from UTC at an instant, in ms (e.g. -4 h for New York in summer). */
function zoneOffsetMs(ms: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(ms));
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return wall - Math.floor(ms / 1000) * 1000;
}

/**
 * HubSpot resets the daily limit at midnight in the account's time zone: the next such midnight
 * after `now`. The offset is taken again at the result so a DST change that night is honoured.
 */
export function nextDailyReset(now: number, timeZone: string): number {
  const localMidnight = (Math.floor((now + zoneOffsetMs(now, timeZone)) / DAY_MS) + 1) * DAY_MS;
  const guess = localMidnight - zoneOffsetMs(now, timeZone);
  return localMidnight - zoneOffsetMs(guess, timeZone);
}

/** Throws a RangeError naming the setting when the time zone is unknown to this Node. */
export function checkTimeZone(timeZone: string): void {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
  } catch {
    throw new RangeError(`"${timeZone}" is not an IANA time zone (e.g. "Europe/Berlin", "America/New_York"); set the HubSpot account's time zone`);
  }
}
