// Formats our write-back values as HubSpot property values, which all travel as strings: numbers
// as decimals, booleans as "true"/"false", datetimes as epoch milliseconds, multi-selects as
// "a;b", and null as "" (which clears the property).
import { parseInstant, type WriteField, type WriteValue } from '../../model/index.ts';

export type Formatted = { ok: true; value: string } | { ok: false; reason: string };

const NUMBERS = new Set<WriteField>(['healthScore', 'healthTrend']);

const show = (value: WriteValue) => (typeof value === 'number' ? String(value) : JSON.stringify(value));

export function formatValue(field: WriteField, value: WriteValue): Formatted {
  if (value === null) return { ok: true, value: '' };
  if (NUMBERS.has(field)) {
    return typeof value === 'number' && Number.isFinite(value) ? { ok: true, value: String(value) } : { ok: false, reason: `${show(value)} is not a number` };
  }
  if (field === 'expansionCandidate') {
    return typeof value === 'boolean' ? { ok: true, value: String(value) } : { ok: false, reason: `${show(value)} is not true or false` };
  }
  if (field === 'scoredAt') {
    const ms = typeof value === 'number' || typeof value === 'string' ? parseInstant(value) : undefined;
    return ms === undefined ? { ok: false, reason: `${show(value)} is not a date-time` } : { ok: true, value: String(ms) };
  }
  return typeof value === 'string' ? { ok: true, value } : { ok: false, reason: `${show(value)} is not text` };
}
