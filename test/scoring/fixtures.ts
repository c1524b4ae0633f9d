// Builders for the scoring tests: account records go through AccountRecordSchema.parse, like a
// connector's output, and every date is counted back from one fixed as-of day.
import { DAY_MS, formatDay, parseAsOf } from '../../src/model/dates.ts';
import { AccountRecordSchema, type AccountRecord, type AccountRecordInput } from '../../src/model/record.ts';

/** A Monday. `AS_OF` is the end of that UTC day (23:59:59.999). */
export const AS_OF_DAY = '2026-11-23';
export const AS_OF = parseAsOf(AS_OF_DAY)!;
export const HOUR_MS = 3_600_000;

export function record(input: Partial<AccountRecordInput> = {}): AccountRecord {
  return AccountRecordSchema.parse({ id: 'acc-1', ...input });
}

/** `YYYY-MM-DD` of the UTC day `n` days before the day of `from` (negative: after). */
export function dayAgo(n: number, from: number = AS_OF): string {
  return formatDay(from - n * DAY_MS);
}

/** Noon UTC of the day `n` days before `from`, as epoch ms. */
export function noonAgo(n: number, from: number = AS_OF): number {
  return Date.parse(`${dayAgo(n, from)}T12:00:00Z`);
}

export function meeting(daysAgo: number, durationMinutes: number, type: 'meeting' | 'call' = 'meeting') {
  return { type, at: noonAgo(daysAgo), durationMinutes };
}

export function ticket(daysAgo: number, status: 'open' | 'closed' = 'open', priority: string | null = null) {
  return { type: 'ticket' as const, createdAt: noonAgo(daysAgo), status, priority };
}

export function wonDeal(id: string, closedAt: number | string, amount = 1000, ownerId: string | null = 'rep-1') {
  return { id, name: `Deal ${id}`, ownerId, amount, won: true, closedAt };
}

/** Open tickets of normal priority created long ago (outside the rising windows). */
export function openTickets(count: number, priority: string | null = null) {
  return Array.from({ length: count }, () => ticket(100, 'open', priority));
}
