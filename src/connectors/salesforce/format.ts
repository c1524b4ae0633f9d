// Formats our write-back values as Salesforce field values (typed JSON): numbers as numbers, the
// expansion flag as a checkbox (which has no empty state: no value is false), date-times in ISO,
// multi-selects as "a;b", text within its field length, and null to clear.
import { parseInstant, type WriteField, type WriteValue } from '../../model/index.ts';
import { ACCOUNT_FIELDS } from './pulse-fields.ts';

export type SfValue = string | number | boolean | null;
export type Formatted = { ok: true; value: SfValue } | { ok: false; reason: string };

const show = (value: WriteValue) => (typeof value === 'number' ? String(value) : JSON.stringify(value));

export function formatValue(field: WriteField, value: WriteValue): Formatted {
  const spec = ACCOUNT_FIELDS[field];
  if (spec.metadataType === 'Checkbox') {
    if (value === null) return { ok: true, value: false };
    return typeof value === 'boolean' ? { ok: true, value } : { ok: false, reason: `${show(value)} is not true or false` };
  }
  if (value === null) return { ok: true, value: null };
  switch (spec.metadataType) {
    case 'Number':
      return typeof value === 'number' && Number.isFinite(value) ? { ok: true, value } : { ok: false, reason: `${show(value)} is not a number` };
    case 'DateTime': {
      const ms = typeof value === 'number' || typeof value === 'string' ? parseInstant(value) : undefined;
      return ms === undefined ? { ok: false, reason: `${show(value)} is not a date-time` } : { ok: true, value: new Date(ms).toISOString() };
    }
    default: {
      if (typeof value !== 'string') return { ok: false, reason: `${show(value)} is not text` };
      if (spec.length !== undefined && value.length > spec.length) return { ok: false, reason: `is ${value.length} characters, more than the ${spec.length} ${spec.name} holds` };
      return { ok: true, value };
    }
  }
}
