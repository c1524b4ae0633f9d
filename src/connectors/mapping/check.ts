// Checks a mapping against the CRM's real field list before it is used: every mapped field must
// exist and be of a type its transform can read. Problems name the field, the property and the fix.
import { ConnectionError } from '../../model/index.ts';
import type { FieldMapping, Mapping, MappableField, Transform } from './schema.ts';

/** A CRM field's type, normalised across CRMs by each connector. */
export type FieldKind = 'string' | 'number' | 'date' | 'datetime' | 'boolean' | 'enumeration' | 'reference' | 'other';

export interface CrmField {
  name: string;
  label: string;
  kind: FieldKind;
  /** The CRM's own type name, for messages (e.g. HubSpot `number`, Salesforce `currency`). */
  crmType: string;
  /** Option values of an enumeration / picklist. */
  options?: string[];
}

/** The CRM field kinds each transform reads (the console offers only fields some transform reads). */
export const READS: Readonly<Record<Transform, readonly FieldKind[]>> = {
  string: ['string', 'number', 'date', 'datetime', 'boolean', 'enumeration', 'reference', 'other'],
  number: ['number', 'string'],
  percent: ['number', 'string'],
  date: ['date', 'datetime', 'string'],
  boolean: ['boolean', 'enumeration', 'string'],
  picklist: ['enumeration', 'string', 'boolean', 'number'],
};

function closeMatches(name: string, fields: readonly CrmField[]): string[] {
  const n = name.toLowerCase().replace(/[^a-z0-9]/g, '');
  return fields
    .filter((f) => {
      const m = f.name.toLowerCase().replace(/[^a-z0-9]/g, '');
      return m.includes(n) || n.includes(m) || f.label.toLowerCase().replace(/[^a-z0-9]/g, '') === n;
    })
    .slice(0, 3)
    .map((f) => f.name);
}

/** Every problem of a mapping against a field list, one line each; empty when it is usable. */
export function mappingProblems(mapping: Mapping, fields: readonly CrmField[], objectLabel: string): string[] {
  const byName = new Map(fields.map((f) => [f.name, f]));
  const problems: string[] = [];
  for (const [canonical, fm] of Object.entries(mapping.account) as [MappableField, FieldMapping][]) {
    const field = byName.get(fm.field);
    if (!field) {
      const near = closeMatches(fm.field, fields);
      problems.push(
        `account.${canonical}: "${fm.field}" is not a field of ${objectLabel}; create it in the CRM or map ${canonical} to an existing field${near.length ? ` (did you mean ${near.map((x) => `"${x}"`).join(', ')}?)` : ''}`,
      );
      continue;
    }
    if (!READS[fm.transform].includes(field.kind)) {
      const fits = (Object.keys(READS) as Transform[]).filter((t) => READS[t].includes(field.kind));
      problems.push(
        `account.${canonical}: "${fm.field}" is a ${field.crmType} field, which the "${fm.transform}" transform cannot read; map a ${READS[fm.transform].filter((k) => k !== 'other').join(' / ')} field or use ${fits.map((t) => `"${t}"`).join(', ')}`,
      );
      continue;
    }
    if (fm.transform === 'picklist' && field.options && field.options.length > 0) {
      const unknown = Object.keys(fm.values ?? {}).filter((v) => !field.options!.includes(v));
      if (unknown.length) {
        problems.push(`account.${canonical}: ${unknown.map((v) => `"${v}"`).join(', ')} ${unknown.length === 1 ? 'is not an option' : 'are not options'} of "${fm.field}" (options: ${field.options.join(', ')})`);
      }
    }
  }
  return problems;
}

/** Throws BAD_MAPPING naming every problem, or returns when the mapping can be used. */
export function assertMapping(mapping: Mapping, fields: readonly CrmField[], objectLabel: string): void {
  const problems = mappingProblems(mapping, fields, objectLabel);
  if (problems.length) throw new ConnectionError('BAD_MAPPING', `the field mapping does not fit ${objectLabel}:\n  ${problems.join('\n  ')}`);
}
