// Applies one mapping transform to a raw CRM value. CRM values arrive as strings (HubSpot) or
// typed JSON (Salesforce); an empty value is "no data", a value that fails is reported, never zero.
import { parseInstant } from '../../model/index.ts';
import type { FieldMapping } from './schema.ts';

export type TransformResult = { ok: true; value: string | number | boolean | null } | { ok: false; reason: string };

const ok = (value: string | number | boolean | null): TransformResult => ({ ok: true, value });
const fail = (reason: string): TransformResult => ({ ok: false, reason });

/** A value as the admin would recognise it: text quoted, a number as JavaScript read it. */
export function shownValue(raw: unknown): string {
  return typeof raw === 'number' ? String(raw) : JSON.stringify(raw);
}

// A number too large for a double ("1e400" as text, or 1e400 in Salesforce JSON, which parses to
// Infinity) is a bad value the admin must hear about, not "no data".
function toNumber(raw: unknown): number | 'not a number' | 'too large' {
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\s*-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(raw) ? Number(raw) : Number.NaN;
  if (Number.isNaN(n)) return 'not a number';
  return Number.isFinite(n) ? n : 'too large';
}

function notANumber(raw: unknown, problem: 'not a number' | 'too large', what: string): TransformResult {
  return fail(problem === 'too large' ? `${shownValue(raw)} is too large a number` : `${shownValue(raw)} is not ${what}`);
}

export function applyTransform(m: FieldMapping, raw: unknown): TransformResult {
  if (raw === null || raw === undefined || raw === '') return ok(null);
  // An object or a list (a compound Salesforce field mapped by mistake) is no value of any kind,
  // and String() of one can throw ({"toString": 0}, found by the property test).
  if (typeof raw === 'object') return fail(`${shownValue(raw)} is not a single value`);
  switch (m.transform) {
    case 'string':
      return ok(String(raw));
    case 'number': {
      const n = toNumber(raw);
      return typeof n === 'number' ? ok(n) : notANumber(raw, n, 'a number');
    }
    case 'percent': {
      const n = toNumber(raw);
      if (typeof n !== 'number') return notANumber(raw, n, 'a percentage');
      if (n < 0 || n > 100) return fail(`${n} is outside 0..100 %`);
      return ok(n / 100);
    }
    case 'date': {
      const n = typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : raw;
      const ms = typeof n === 'string' || typeof n === 'number' ? parseInstant(n) : undefined;
      return ms === undefined ? fail(`${shownValue(raw)} is not a date`) : ok(ms);
    }
    case 'boolean': {
      if (typeof raw === 'boolean') return ok(raw);
      const s = String(raw).trim().toLowerCase();
      if (s === 'true' || s === 'yes' || s === '1') return ok(true);
      if (s === 'false' || s === 'no' || s === '0') return ok(false);
      return fail(`${shownValue(raw)} is not true or false`);
    }
    case 'picklist': {
      const key = String(raw);
      const values = m.values ?? {};
      return Object.hasOwn(values, key) ? ok(values[key]!) : fail(`${shownValue(raw)} is not in the picklist map (${Object.keys(values).join(', ')})`);
    }
  }
}
