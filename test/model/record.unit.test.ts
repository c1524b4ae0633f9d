import { describe, expect, it } from 'vitest';
import { AccountRecordSchema } from '../../src/model/record.ts';

describe('AccountRecordSchema', () => {
  it('needs only an id and defaults the lists to empty', () => {
    expect(AccountRecordSchema.parse({ id: 'a1' })).toEqual({ id: 'a1', activities: [], deals: [], snapshots: [], tasks: [] });
  });

  it('holds dates as epoch milliseconds', () => {
    const r = AccountRecordSchema.parse({
      id: 'a1',
      lastLoginAt: '2026-08-20',
      contractEnd: '2027-01-01T12:00:00Z',
      activities: [{ type: 'ticket', createdAt: '2026-11-01', status: 'open', priority: 'HIGH' }],
      snapshots: [{ date: '2026-10-24', score: 70 }],
    });
    expect(r.lastLoginAt).toBe(Date.UTC(2026, 7, 20));
    expect(r.contractEnd).toBe(Date.UTC(2027, 0, 1, 12));
    expect(r.activities[0]).toMatchObject({ type: 'ticket', createdAt: Date.UTC(2026, 10, 1) });
    expect(r.snapshots[0]!.date).toBe(Date.UTC(2026, 9, 24));
  });

  it('rejects out-of-range values with a message naming the field', () => {
    const res = AccountRecordSchema.safeParse({ id: 'a1', featureUsage: 55, nps: 150, arr: -1, lastLoginAt: '2026-02-31' });
    expect(res.success).toBe(false);
    const byPath = Object.fromEntries(res.error!.issues.map((i) => [i.path.join('.'), i.message]));
    expect(byPath).toEqual({
      featureUsage: 'must be a share between 0 and 1',
      nps: 'must be between -100 and 100',
      arr: 'must be a number from 0 to 1,000,000,000,000,000',
      lastLoginAt: 'must be a date (YYYY-MM-DD) or ISO date-time, got "2026-02-31"',
    });
  });

  it('rejects numbers too large to be real, naming the range (issue 11)', () => {
    const res = AccountRecordSchema.safeParse({
      id: 'a1',
      arr: 1e300,
      annualRevenue: 1e16,
      employees: 1e12,
      industryGrowth: 1e6,
      referrals: 1e9,
      activities: [{ type: 'meeting', at: '2026-11-01T10:00:00Z', durationMinutes: 1e308 }],
      deals: [{ id: 'd1', won: false, amount: -1e300 }],
    });
    const byPath = Object.fromEntries(res.error!.issues.map((i) => [i.path.join('.'), i.message]));
    expect(byPath).toEqual({
      arr: 'must be a number from 0 to 1,000,000,000,000,000',
      annualRevenue: 'must be a number from 0 to 1,000,000,000,000,000',
      employees: 'must be a number from 0 to 10,000,000 employees',
      industryGrowth: 'must be a number from -100 to 10,000 % a year',
      referrals: 'must be a whole number from 0 to 1,000,000 referrals',
      'activities.0.durationMinutes': 'must be a number from 0 to 1,440 minutes (24 hours)',
      'deals.0.amount': 'must be a number from -1,000,000,000,000,000 to 1,000,000,000,000,000',
    });
  });

  it('needs closedAt on a won deal', () => {
    const res = AccountRecordSchema.safeParse({ id: 'a1', deals: [{ id: 'd1', won: true }] });
    expect(res.success).toBe(false);
    expect(res.error!.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['deals.0.closedAt', 'a won deal needs closedAt']]);
    expect(AccountRecordSchema.parse({ id: 'a1', deals: [{ id: 'd1', won: false }] }).deals).toEqual([{ id: 'd1', won: false }]);
  });

  it('rejects an empty id', () => {
    expect(AccountRecordSchema.safeParse({ id: '' }).success).toBe(false);
  });
});
