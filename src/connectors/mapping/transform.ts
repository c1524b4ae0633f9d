// Applies one mapping transform to a raw CRM value. CRM values arrive as strings (HubSpot) or
// typed JSON (Salesforce); an empty value is "no data", a value that fails is reported, never zero.
import { parseInstant } from '../../model/index.ts';
import type { FieldMapping } from './schema.ts';

export type TransformResult = { ok: true; value: string | number | boolean | null } | { ok: false; reason: string };

const ok = (value: string | number | boolean | null): TransformResult => ({ ok: true, value });
const fail = (reason: string): TransformResult => ({ ok: false, reason });

function toNumber(raw: unknown): number | undefined {
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : undefined;
  if (typeof raw === 'string' && /^\s*-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(raw)) return Number(raw);
  return undefined;
}

export function applyTransform(m: FieldMapping, raw: unknown): TransformResult {
  if (raw === null || raw === undefined || raw === '') return ok(null);
  switch (m.transform) {
    case 'string':
      return typeof raw === 'object' ? fail('is not a single value') : ok(String(raw));
    case 'number': {
      const n = toNumber(raw);
      return n === undefined ? fail(`${JSON.stringify(raw)} is not a number`) : ok(n);
    }
    case 'percent': {
      const n = toNumber(raw);
      if (n === undefined) return fail(`${JSON.stringify(raw)} is not a percentage`);
      if (n < 0 || n > 100) return fail(`${n} is outside 0..100 %`);
      return ok(n / 100);
    }
    case 'date': {
      const n = typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : raw;
      const ms = typeof n === 'string' || typeof n === 'number' ? parseInstant(n) : undefined;
      return ms === undefined ? fail(`${JSON.stringify(raw)} is not a date`) : ok(ms);
    }
    case 'boolean': {
      if (typeof raw === 'boolean') return ok(raw);
      const s = String(raw).trim().toLowerCase();
      if (s === 'true' || s === 'yes' || s === '1') return ok(true);
      if (s === 'false' || s === 'no' || s === '0') return ok(false);
      return fail(`${JSON.stringify(raw)} is not true or false`);
    }
    case 'picklist': {
      const key = String(raw);
      const values = m.values ?? {};
      return Object.hasOwn(values, key) ? ok(values[key]!) : fail(`${JSON.stringify(raw)} is not in the picklist map (${Object.keys(values).join(', ')})`);
    }
  }
}
