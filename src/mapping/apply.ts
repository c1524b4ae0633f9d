// Turns one raw CRM record into a canonical account through the mapping, with the CRM's standard
// fields as fallbacks. A value that fails its transform is reported and left out, never zeroed.
import type { Account } from '../model/account.ts';
import type { FieldMapping, Mapping, MappableField } from './schema.ts';
import { applyTransform } from './transform.ts';

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
  const account: Record<string, unknown> = { id };
  const problems: ValueProblem[] = [];
  for (const [canonical, fm] of Object.entries(mapping) as [MappableField, FieldMapping][]) {
    const result = applyTransform(fm, raw[fm.field]);
    if (result.ok) {
      if (result.value !== null) account[canonical] = result.value;
    } else {
      problems.push({ accountId: id, field: canonical, property: fm.field, reason: result.reason });
    }
  }
  // Range rules of the canonical model (e.g. usage share 0..1, NPS -100..100) are checked here
  // too, so a bad value drops only itself.
  for (const [field, bad] of rangeProblems(account)) {
    problems.push({ accountId: id, field, property: mapping[field]!.field, reason: bad });
    delete account[field];
  }
  return { account: account as Account, problems };
}

function rangeProblems(a: Record<string, unknown>): [MappableField, string][] {
  const out: [MappableField, string][] = [];
  const num = (f: MappableField) => (typeof a[f] === 'number' ? (a[f] as number) : undefined);
  const usage = num('featureUsage');
  if (usage !== undefined && (usage < 0 || usage > 1)) out.push(['featureUsage', `${usage} is outside 0..1 (use the "percent" transform for 0..100 values)`]);
  const nps = num('nps');
  if (nps !== undefined && (nps < -100 || nps > 100)) out.push(['nps', `${nps} is outside -100..100`]);
  for (const f of ['arr', 'employees', 'referrals'] as const) {
    const v = num(f);
    if (v !== undefined && v < 0) out.push([f, `${v} is negative`]);
  }
  return out;
}
