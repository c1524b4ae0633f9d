// An account's past as the backtest reads it: each mapped field's values over time, from the CRM's
// property or field history, else from crm-pulse's own snapshots (DOMAIN.md sections 10, 11).
import type { CanonicalField } from '../../model/index.ts';

/** One value of a field, in force from `at` until the next version. */
export interface FieldVersion {
  at: number;
  value: unknown;
}

/** Where a figure's past values came from; every report figure names one. */
export type HistorySource = 'hubspot_property_history' | 'salesforce_field_history' | 'crm_pulse_snapshots' | 'current_values';

export interface AccountHistory {
  /** Each field's versions, oldest first. A field absent here has no history: its past is unknown. */
  fields: Partial<Record<CanonicalField, FieldVersion[]>>;
  /** The history reaches back to this instant; nothing before it can be rebuilt. */
  since: number;
  source: HistorySource;
}

/**
 * The value in force at `at`: the last version at or before it. Undefined when the field has no
 * history or its history starts after `at` while the history as a whole reaches back further
 * (then the field was empty: null).
 */
export function valueAt(history: AccountHistory, field: CanonicalField, at: number): unknown {
  const versions = history.fields[field];
  if (versions === undefined || at < history.since) return undefined;
  let value: unknown = null;
  for (const v of versions) {
    if (v.at > at) break;
    value = v.value;
  }
  return value;
}

/** The distinct values a field held, in the order they were first set. */
export function valuesHeld(history: AccountHistory, field: CanonicalField): unknown[] {
  const out: unknown[] = [];
  for (const v of history.fields[field] ?? []) if (v.value != null && !out.includes(v.value)) out.push(v.value);
  return out;
}
