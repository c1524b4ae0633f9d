import { describe, expect, it } from 'vitest';
import { churnDate, type AccountHistory } from '../../../src/scoring/index.ts';

const DAY = 86_400_000;
const d = (s: string) => Date.parse(`${s}T00:00:00.000Z`);
const rules = { churnedAtMapped: false, renewalGraceDays: 30, renewalLookbackDays: 90 };
const ends = (...versions: [string, string][]): AccountHistory => ({ fields: { contractEnd: versions.map(([at, value]) => ({ at: d(at), value: d(value) })) }, since: d('2024-01-01'), source: 'hubspot_property_history' });

describe('churn event (DOMAIN section 11)', () => {
  it('is the mapped churnedAt when churnedAt is mapped, whatever the contract', () => {
    const facts = { churnedAt: d('2026-05-04'), history: ends(['2025-01-01', '2026-03-01']), wins: [] };
    expect(churnDate(facts, { ...rules, churnedAtMapped: true }, d('2026-11-01'))).toBe(d('2026-05-04'));
    expect(churnDate({ ...facts, churnedAt: null }, { ...rules, churnedAtMapped: true }, d('2026-11-01'))).toBeNull();
    // Not known yet at an earlier "now".
    expect(churnDate(facts, { ...rules, churnedAtMapped: true }, d('2026-05-03'))).toBeNull();
  });

  it('is the contract end when it passed with no closed-won deal from 90 days before to 30 days after', () => {
    const history = ends(['2025-01-01', '2026-03-01']);
    expect(churnDate({ churnedAt: null, history, wins: [] }, rules, d('2026-06-01'))).toBe(d('2026-03-01'));
    // A win exactly 90 days before the end, or exactly 30 days after it, is a renewal.
    expect(churnDate({ churnedAt: null, history, wins: [d('2026-03-01') - 90 * DAY] }, rules, d('2026-06-01'))).toBeNull();
    expect(churnDate({ churnedAt: null, history, wins: [d('2026-03-31')] }, rules, d('2026-06-01'))).toBeNull();
    // One day outside either side is not.
    expect(churnDate({ churnedAt: null, history, wins: [d('2026-03-01') - 91 * DAY] }, rules, d('2026-06-01'))).toBe(d('2026-03-01'));
    expect(churnDate({ churnedAt: null, history, wins: [d('2026-04-01')] }, rules, d('2026-06-01'))).toBe(d('2026-03-01'));
  });

  it('waits for the grace period to pass before calling a contract end a churn', () => {
    const history = ends(['2025-01-01', '2026-03-01']);
    expect(churnDate({ churnedAt: null, history, wins: [] }, rules, d('2026-03-30'))).toBeNull();
    expect(churnDate({ churnedAt: null, history, wins: [] }, rules, d('2026-03-31'))).toBe(d('2026-03-01'));
  });

  it('reads a renewed contract from history: the old end was moved before it passed, the new one has not passed', () => {
    const history = ends(['2025-01-01', '2026-03-01'], ['2026-02-10', '2027-03-01']);
    expect(churnDate({ churnedAt: null, history, wins: [d('2026-02-10')] }, rules, d('2026-11-01'))).toBeNull();
    // Renewed, then the renewed contract ended unrenewed.
    expect(churnDate({ churnedAt: null, history, wins: [d('2026-02-10')] }, rules, d('2027-06-01'))).toBe(d('2027-03-01'));
  });

  it('a renewal recorded within the grace period after the end keeps the customer', () => {
    const history = ends(['2025-01-01', '2026-03-01'], ['2026-03-20', '2027-03-01']);
    expect(churnDate({ churnedAt: null, history, wins: [d('2026-03-20')] }, rules, d('2026-11-01'))).toBeNull();
  });

  it('without contract-end history there is no churn to find', () => {
    expect(churnDate({ churnedAt: null, history: { fields: {}, since: 0, source: 'current_values' }, wins: [] }, rules, d('2026-11-01'))).toBeNull();
  });
});
