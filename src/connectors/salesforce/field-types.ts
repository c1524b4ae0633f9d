// Whether a field an org already has can hold what crm-pulse writes to it, when its type is not
// the one manifests/salesforce deploys (an admin made it by hand: a Long Text Area for the why, a
// Number(18, 2) for the score). A field that holds every value fits, with a note saying how it
// differs; only one that cannot hold them blocks, with the change that fixes it. Pure: the
// describe of the field in, the verdict out.
// https://developer.salesforce.com/docs/atlas.en-us.api.meta/api/sforce_api_calls_describesobjects_describesobjectresult.htm#field
import type { DescribeField } from './schemas/describe.ts';
import type { PulseField } from './pulse-fields.ts';

export type FieldFit = { fits: true; note: string | null } | { fits: false; found: string; fix: string };

const TEXT = new Set(['string', 'textarea']);
const NUMBER = new Set(['double', 'currency', 'percent', 'int']);

/** How Setup names a describe type, for an admin. */
export function typeLabel(f: DescribeField): string {
  switch (f.type) {
    case 'string':
      return `Text(${f.length ?? '?'})`;
    case 'textarea':
      if (f.extraTypeInfo === 'richtextarea') return `Rich Text Area(${f.length ?? '?'})`;
      return (f.length ?? 0) > 255 ? `Long Text Area(${f.length})` : `Text Area(${f.length ?? 255})`;
    case 'double':
      return `Number(${f.precision ?? '?'}, ${f.scale ?? '?'})`;
    case 'currency':
      return `Currency(${f.precision ?? '?'}, ${f.scale ?? '?'})`;
    case 'percent':
      return `Percent(${f.precision ?? '?'}, ${f.scale ?? '?'})`;
    case 'int':
      return `Number(${f.digits ?? '?'}, 0)`;
    case 'multipicklist':
      return 'Picklist (Multi-Select)';
    case 'boolean':
      return 'Checkbox';
    case 'datetime':
      return 'Date/Time';
    default:
      return f.type.charAt(0).toUpperCase() + f.type.slice(1);
  }
}

/** The longest text crm-pulse writes to the field. */
function textNeeded(spec: PulseField): number {
  if (spec.metadataType === 'MultiselectPicklist') return (spec.values ?? []).join(';').length;
  if (spec.metadataType === 'Picklist' && !spec.length) return spec.restricted ? Math.max(0, ...(spec.values ?? []).map((v) => v.length)) : 255;
  if (spec.metadataType === 'DateTime') return '2026-11-23T12:00:00.000Z'.length;
  return spec.length ?? 255;
}

const path = (object: string, spec: PulseField) => `Setup > Object Manager > ${object} > Fields & Relationships > ${spec.label}`;

/** Text of any kind the API writes as a string: Text, Text Area, Long Text Area. */
function textFit(spec: PulseField, found: DescribeField, object: string, deployed: string): FieldFit {
  const label = typeLabel(found);
  const need = textNeeded(spec);
  if (found.extraTypeInfo === 'richtextarea') return { fits: false, found: label, fix: `${spec.name} is a ${label}, which keeps HTML and would alter crm-pulse's plain text: change it to ${deployed} or Long Text Area (${path(object, spec)} > Change Field Type), or delete it and deploy again` };
  if (found.length != null && found.length > 0 && found.length < need) return { fits: false, found: label, fix: `${spec.name} holds ${found.length} characters, crm-pulse writes up to ${need}: raise its length to ${need} or more (${path(object, spec)} > Edit)` };
  if (spec.filtered && found.filterable === false) return { fits: false, found: label, fix: `${spec.name} is a ${label}, which SOQL cannot filter on, and crm-pulse looks tasks up by it: change it to ${deployed} (${path(object, spec)} > Change Field Type), or delete it and deploy again` };
  if (found.type === spec.describeType) return { fits: true, note: null };
  const kind = spec.metadataType === 'Picklist' || spec.metadataType === 'MultiselectPicklist' ? `; its values are text, not picklist values (reports group by the text)` : '';
  return { fits: true, note: `${spec.name} is a ${label}, crm-pulse ships ${deployed}: every value it writes fits${kind}` };
}

function numberFit(spec: PulseField, found: DescribeField, object: string, deployed: string): FieldFit {
  const label = typeLabel(found);
  const needDigits = (spec.precision ?? 18) - (spec.scale ?? 0);
  const digits = found.type === 'int' ? found.digits : found.precision == null ? null : found.precision - (found.scale ?? 0);
  if (digits != null && digits > 0 && digits < needDigits) return { fits: false, found: label, fix: `${spec.name} keeps ${digits} digit${digits === 1 ? '' : 's'} before the decimal point, crm-pulse writes values up to ${needDigits}: raise its length to ${needDigits} or more (${path(object, spec)} > Edit)` };
  if (found.type === spec.describeType) return { fits: true, note: null };
  const shown = found.type === 'percent' ? '; it shows them with a % sign' : found.type === 'currency' ? "; it shows them in the org's currency" : '';
  return { fits: true, note: `${spec.name} is a ${label}, crm-pulse ships ${deployed}: every value it writes fits${shown}` };
}

/**
 * Whether `found` can hold what crm-pulse writes to `spec`. Picklist values are not judged here
 * (schema-check.ts checks the tier values against the policy).
 */
export function fieldFit(spec: PulseField, found: DescribeField, object: 'Account' | 'Activity'): FieldFit {
  const deployed = spec.metadataType === 'Text' ? `Text(${spec.length})` : spec.metadataType === 'Number' ? `Number(${spec.precision}, ${spec.scale})` : spec.metadataType === 'MultiselectPicklist' ? 'Picklist (Multi-Select)' : spec.metadataType;
  const wrong = (): FieldFit => ({ fits: false, found: typeLabel(found), fix: `${spec.name} exists as a ${typeLabel(found)} field, which cannot hold what crm-pulse writes (a ${deployed}): delete it (${path(object, spec).replace(/ > [^>]+$/, '')}) and deploy again` });
  switch (spec.metadataType) {
    case 'Text':
      return TEXT.has(found.type) ? textFit(spec, found, object, deployed) : wrong();
    case 'Number':
      return NUMBER.has(found.type) ? numberFit(spec, found, object, deployed) : wrong();
    case 'Picklist':
    case 'MultiselectPicklist':
      if (found.type === spec.describeType) return { fits: true, note: null };
      // A single-value picklist cannot hold several signals; text holds a picklist's values.
      return TEXT.has(found.type) ? textFit(spec, found, object, deployed) : wrong();
    case 'DateTime':
      if (found.type === 'datetime') return { fits: true, note: null };
      return TEXT.has(found.type) ? textFit(spec, found, object, deployed) : wrong();
    case 'Checkbox':
      return found.type === 'boolean' ? { fits: true, note: null } : wrong();
  }
}
