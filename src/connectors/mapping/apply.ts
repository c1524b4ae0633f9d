// Turns one raw CRM record into a canonical account through the mapping, with the CRM's standard
// fields as fallbacks. A value that fails its transform is reported and left out, never zeroed.
import { AccountSchema, accountFields, type Account } from '../../model/index.ts';
import type { FieldMapping, Mapping, MappableField } from './schema.ts';
import { applyTransform, shownValue } from './transform.ts';

/** A value that could not be read, reported per record to the admin. */
export interface ValueProblem {
  accountId: string;
  field: MappableField;
  property: string;
  reason: string;
}

export type EffectiveMapping = Partial<Record<MappableField, FieldMapping>>;

/** The admin's mapping over the CRM's standard fields (name, industry, revenue, size, owner). */
export function effectiveMapping(mapping: Mapping, standard: Partial<Record<MappableField, FieldMapping>>): EffectiveMapping {
  return { ...standard, ...mapping.account };
}

/** The CRM fields to request: only what the mapping reads. */
export function mappedFields(mapping: EffectiveMapping): string[] {
  return [...new Set(Object.values(mapping).map((m) => m!.field))];
}

export function mapAccount(id: string, raw: Readonly<Record<string, unknown>>, mapping: EffectiveMapping): { account: Account; problems: ValueProblem[] } {
  const values: Record<string, unknown> = {};
  const problems: ValueProblem[] = [];
  for (const [canonical, fm] of Object.entries(mapping) as [MappableField, FieldMapping][]) {
    const result = applyTransform(fm, raw[fm.field]);
    if (!result.ok) {
      problems.push({ accountId: id, field: canonical, property: fm.field, reason: result.reason });
      continue;
    }
    if (result.value === null) continue;
    // The canonical model's own rules (a usage share 0..1, NPS -100..100, no negative ARR) are
    // the one check a value meets on its way in; a bad value drops only itself.
    const checked = accountFields[canonical].safeParse(result.value);
    if (checked.success) values[canonical] = checked.data;
    else problems.push({ accountId: id, field: canonical, property: fm.field, reason: rangeReason(result.value, checked.error.issues[0]?.message, canonical, fm) });
  }
  return { account: AccountSchema.parse({ ...values, id }), problems };
}

function rangeReason(value: unknown, message: string | undefined, field: MappableField, fm: FieldMapping): string {
  const hint = field === 'featureUsage' && fm.transform === 'number' ? ' (use the "percent" transform for 0..100 values)' : '';
  return `${shownValue(value)}: ${message ?? 'is not valid'}${hint}`;
}

/** The raw values of a record's mapped fields, null where the CRM sent none. */
export function rawValues(raw: Readonly<Record<string, unknown>>, mapping: EffectiveMapping): Record<string, unknown> {
  return Object.fromEntries(mappedFields(mapping).map((f) => [f, raw[f] ?? null]));
}
