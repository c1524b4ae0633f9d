import { describe, expect, it } from 'vitest';
import { addBusinessDays, DAY_MS, dayNumber, formatDay, parseAsOf, parseInstant } from '../../src/model/dates.ts';
import { DEFAULTS } from '../../src/model/policy.ts';
import { scoreAccount } from '../../src/scoring/score.ts';
import { AS_OF, record } from '../scoring/fixtures.ts';

describe('parseInstant', () => {
  it('reads a date without time as midnight UTC', () => {
    expect(parseInstant('2026-08-20')).toBe(Date.UTC(2026, 7, 20));
  });

  it('reads an ISO date-time with a zone', () => {
    expect(parseInstant('2026-08-20T10:30:00Z')).toBe(Date.UTC(2026, 7, 20, 10, 30));
    expect(parseInstant('2026-08-20T10:30:00+02:00')).toBe(Date.UTC(2026, 7, 20, 8, 30));
    expect(parseInstant('2026-08-20T10:30:00.250Z')).toBe(Date.UTC(2026, 7, 20, 10, 30, 0, 250));
  });

  it('passes epoch milliseconds through', () => {
    expect(parseInstant(1_700_000_000_000)).toBe(1_700_000_000_000);
    expect(parseInstant(Number.NaN)).toBeUndefined();
  });

  it('rejects impossible dates, date-times without a zone and other text', () => {
    expect(parseInstant('2026-02-31')).toBeUndefined();
    expect(parseInstant('2026-08-20T10:30:00')).toBeUndefined();
    expect(parseInstant('20/08/2026')).toBeUndefined();
    expect(parseInstant('')).toBeUndefined();
  });
});

describe('parseAsOf', () => {
  it('takes a whole day as the END of that UTC day', () => {
    expect(parseAsOf('2026-11-23')).toBe(Date.UTC(2026, 10, 24) - 1);
    expect(new Date(parseAsOf('2026-11-23')!).toISOString()).toBe('2026-11-23T23:59:59.999Z');
  });

  it('takes a date-time as that instant', () => {
    expect(parseAsOf('2026-11-23T08:00:00Z')).toBe(Date.UTC(2026, 10, 23, 8));
  });

  it('returns undefined for an invalid value', () => {
    expect(parseAsOf('2026-13-01')).toBeUndefined();
  });
});

describe('day helpers', () => {
  it('dayNumber counts whole UTC days and formatDay prints the UTC day', () => {
    expect(dayNumber(Date.UTC(2026, 7, 20, 23, 59))).toBe(dayNumber(Date.UTC(2026, 7, 20)));
    expect(dayNumber(Date.UTC(2026, 7, 21)) - dayNumber(Date.UTC(2026, 7, 20, 23, 59))).toBe(1);
    expect(formatDay(Date.UTC(2026, 7, 20, 23, 59))).toBe('2026-08-20');
  });

  it('formatDay agrees with the ISO calendar day across years, leap days and before 1970', () => {
    expect(formatDay(Date.UTC(2024, 1, 29, 12))).toBe('2024-02-29');
    expect(formatDay(Date.UTC(2000, 1, 29))).toBe('2000-02-29');
    expect(formatDay(Date.UTC(2100, 2, 1))).toBe('2100-03-01');
    expect(formatDay(Date.UTC(1969, 11, 31, 23, 59, 59, 999))).toBe('1969-12-31');
    expect(formatDay(0)).toBe('1970-01-01');
    for (let ms = Date.UTC(1960, 0, 1); ms < Date.UTC(2130, 0, 1); ms += 7 * DAY_MS + 3_600_000) {
      expect(formatDay(ms)).toBe(new Date(ms).toISOString().slice(0, 10));
    }
  });
});

describe('addBusinessDays', () => {
  const at = (d: string) => Date.parse(`${d}T15:00:00Z`);
  it('skips the weekend: Friday + 2 is Tuesday', () => {
    expect(formatDay(addBusinessDays(at('2026-11-20'), 2))).toBe('2026-11-24');
  });
  it('Monday + 2 is Wednesday, Thursday + 2 is Monday', () => {
    expect(formatDay(addBusinessDays(at('2026-11-23'), 2))).toBe('2026-11-25');
    expect(formatDay(addBusinessDays(at('2026-11-19'), 2))).toBe('2026-11-23');
  });
  it('Saturday and Sunday + 2 are Tuesday', () => {
    expect(formatDay(addBusinessDays(at('2026-11-21'), 2))).toBe('2026-11-24');
    expect(formatDay(addBusinessDays(at('2026-11-22'), 2))).toBe('2026-11-24');
  });
  it('returns midnight UTC of the target day', () => {
    expect(addBusinessDays(at('2026-11-20'), 2)).toBe(Date.UTC(2026, 10, 24));
    expect(addBusinessDays(at('2026-11-20'), 0)).toBe(Date.UTC(2026, 10, 20));
  });
});

describe('trailing windows (asOf - N days, asOf]', () => {
  const minutes = (at: number) =>
    scoreAccount(record({ activities: [{ type: 'meeting', at, durationMinutes: 10 }] }), DEFAULTS, AS_OF).activity.engagementMinutes;

  it('leaves out an activity exactly at asOf - 90 days and counts one just after', () => {
    expect(minutes(AS_OF - 90 * DAY_MS)).toBe(0);
    expect(minutes(AS_OF - 90 * DAY_MS + 1)).toBe(10);
  });

  it('covers 90 whole calendar days ending with the as-of day', () => {
    // asOf 2026-11-23 (end of day): 2026-08-26 is day 90 of the window, 2026-08-25 is outside.
    expect(minutes(Date.parse('2026-08-26T00:00:00Z'))).toBe(10);
    expect(minutes(Date.parse('2026-08-25T23:59:59Z'))).toBe(0);
    expect(minutes(Date.parse('2026-11-23T23:00:00Z'))).toBe(10);
  });

  it('leaves out an activity after asOf', () => {
    expect(minutes(AS_OF + 1)).toBe(0);
  });
});
