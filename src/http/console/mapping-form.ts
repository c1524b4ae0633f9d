// The field-mapping form: one row per canonical field, with the CRM's live fields that can feed
// it, the transform, the picklist values and what the field means. The form posts dotted names
// (`account.arr.field`) that read back into the mapping document PUT /mapping takes, so problems
// named by path (`account.arr: ...`) land on their row.
import { MAPPABLE, TRANSFORM_READS, TRANSFORMS, type CrmField, type Mapping, type MappableField, type Transform } from '../../connectors/index.ts';
import { escapeHtml as e } from '../html.ts';

export const HELP: Record<MappableField, string> = {
  name: "The company's name, shown in tasks and lists.",
  ownerId: 'The account owner (a CRM user id): tasks go to them when there is no CSM.',
  csmOwnerId: 'The customer success manager (a CRM user id): rescue and renewal tasks go to them.',
  industry: 'The industry: picks its growth rate for the value-growth tier preset.',
  annualRevenue: "The customer's own yearly revenue.",
  employees: 'Head count of the customer.',
  arr: 'Annual recurring revenue with us: the tier rules and every ARR total read it.',
  contractEnd: 'When the contract ends: renewal windows count down to it.',
  featureUsage: 'Share of licensed features in use, 0 to 1 (use "percent" for a 0-100 field): the usage measure.',
  lastLoginAt: 'Last product login: the no-login churn signal reads it.',
  nps: "The account's NPS, -100 to 100: the NPS measure and the NPS-drop signal.",
  industryGrowth: 'Growth of the industry, % a year, when the CRM keeps it per account.',
  inTrial: 'Whether the account is in a trial.',
  referrals: 'How many customers the account referred.',
  churnedAt: 'When the customer left, if the CRM records it: the backtest counts churn from it (otherwise from contract ends without a renewal).',
};

// Which transforms give each kind of canonical value; the CRM field kinds each reads are the mapping check's.
const GIVES: Record<string, Transform[]> = { string: ['string', 'picklist'], number: ['number', 'percent', 'picklist'], date: ['date'], boolean: ['boolean', 'picklist'] };

/** The CRM fields that some transform can turn into this canonical field's kind. */
export function compatibleFields(canonical: MappableField, fields: readonly CrmField[]): CrmField[] {
  const kinds = new Set(GIVES[MAPPABLE[canonical]]!.flatMap((t) => TRANSFORM_READS[t]));
  return fields.filter((f) => kinds.has(f.kind)).sort((a, b) => a.label.localeCompare(b.label));
}

export type FormValues = Record<string, string>;

/** The mapping as form values. */
export function mappingValues(m: Mapping): FormValues {
  const out: FormValues = {};
  for (const [canonical, fm] of Object.entries(m.account)) {
    if (!fm) continue;
    out[`account.${canonical}.field`] = fm.field;
    out[`account.${canonical}.transform`] = fm.transform;
    if (fm.values) out[`account.${canonical}.values`] = Object.entries(fm.values).map(([k, v]) => `${k} = ${String(v)}`).join('\n');
  }
  return out;
}

/** Submitted form values (strings only) by name. */
export function formValues(body: unknown): FormValues {
  const out: FormValues = {};
  if (typeof body !== 'object' || body === null) return out;
  for (const [k, v] of Object.entries(body)) if (typeof v === 'string') out[k] = v;
  return out;
}

function picklistValue(text: string, kind: string): string | number | boolean {
  if (kind === 'number' && text !== '' && Number.isFinite(Number(text))) return Number(text);
  if (kind === 'boolean' && (text === 'true' || text === 'false')) return text === 'true';
  return text;
}

/** The mapping document the form describes, for MappingSchema to check as PUT /mapping does. */
export function mappingDoc(v: FormValues): { account: Record<string, unknown> } {
  const account: Record<string, unknown> = {};
  for (const canonical of Object.keys(MAPPABLE) as MappableField[]) {
    const field = (v[`account.${canonical}.field`] ?? '').trim();
    if (!field) continue;
    const transform = v[`account.${canonical}.transform`] ?? '';
    const lines = (v[`account.${canonical}.values`] ?? '').split('\n').map((l) => l.trim()).filter(Boolean);
    const values = Object.fromEntries(lines.map((l) => {
      const at = l.lastIndexOf('=');
      return at < 0 ? [l, ''] : [l.slice(0, at).trim(), picklistValue(l.slice(at + 1).trim(), MAPPABLE[canonical])];
    }));
    account[canonical] = { field, transform, ...(transform === 'picklist' || lines.length > 0 ? { values } : {}) };
  }
  return { account };
}

/** Problems (`account.arr...: message`) that belong to one canonical field. */
const problemsOf = (problems: readonly string[], canonical: string) => problems.filter((p) => p.startsWith(`account.${canonical}:`) || p.startsWith(`account.${canonical}.`));

function row(canonical: MappableField, fields: readonly CrmField[], v: FormValues, problems: readonly string[]): string {
  const id = `m-${canonical}`;
  const chosen = v[`account.${canonical}.field`] ?? '';
  const transform = v[`account.${canonical}.transform`] ?? GIVES[MAPPABLE[canonical]]![0]!;
  const mine = problemsOf(problems, canonical);
  const invalid = mine.length ? ` aria-invalid="true" aria-describedby="${id}-err"` : '';
  const options = compatibleFields(canonical, fields);
  // A mapped field the CRM no longer has stays selectable, so its problem shows on it.
  const missing = chosen && !options.some((f) => f.name === chosen) ? `<option value="${e(chosen)}" selected>${e(chosen)} (not a field of this CRM)</option>` : '';
  const select = `<select id="${id}-field" name="account.${canonical}.field"${invalid}><option value="">not mapped</option>${missing}${options
    .map((f) => `<option value="${e(f.name)}"${f.name === chosen ? ' selected' : ''}>${e(f.label)} (${e(f.name)}, ${e(f.crmType)})</option>`)
    .join('')}</select>`;
  const transforms = `<select id="${id}-transform" name="account.${canonical}.transform"${invalid}>${TRANSFORMS.map((t) => `<option${t === transform ? ' selected' : ''}>${t}</option>`).join('')}</select>`;
  return `<tr><th scope="row"><label for="${id}-field">${e(canonical)}</label><p class="help">${e(HELP[canonical])} <span class="muted">(${MAPPABLE[canonical]})</span></p></th>
<td>${select}${mine.length ? `<div id="${id}-err">${mine.map((p) => `<p class="error">${e(p)}</p>`).join('')}</div>` : ''}</td>
<td><label for="${id}-transform" class="sr-only">Transform of ${e(canonical)}</label>${transforms}</td>
<td><label for="${id}-values" class="sr-only">Picklist values of ${e(canonical)}</label><textarea id="${id}-values" name="account.${canonical}.values" rows="1" placeholder="CRM value = value">${e(v[`account.${canonical}.values`] ?? '')}</textarea></td></tr>`;
}

export interface MappingFormState {
  base: string;
  csrf: string;
  fields: readonly CrmField[];
  values: FormValues;
  problems: readonly string[];
  notice: string;
  readOnly: string | null;
}

export function mappingForm(s: MappingFormState): string {
  const other = s.problems.filter((p) => !(Object.keys(MAPPABLE) as MappableField[]).some((c) => problemsOf([p], c).length));
  const summary = s.problems.length
    ? `<div class="problems" role="alert"><p>The mapping was not saved: ${s.problems.length} problem${s.problems.length === 1 ? '' : 's'}.</p>${other.length ? `<ul>${other.map((p) => `<li>${e(p)}</li>`).join('')}</ul>` : ''}</div>`
    : '';
  const rows = (Object.keys(MAPPABLE) as MappableField[]).map((c) => row(c, s.fields, s.values, s.problems)).join('');
  return `<form id="mapping-form" method="post" action="${e(s.base)}/mapping" hx-post="${e(s.base)}/mapping" hx-target="this" hx-swap="outerHTML">
<input type="hidden" name="_csrf" value="${e(s.csrf)}">${summary}${s.notice}
<div class="scroll"><table><thead><tr><th>Canonical field</th><th>CRM field</th><th>Transform</th><th>Picklist values (one per line)</th></tr></thead><tbody>${rows}</tbody></table></div>
<div class="actions"><button type="button" class="secondary" hx-post="${e(s.base)}/mapping/preview" hx-target="#mapping-preview" hx-swap="innerHTML">Preview on five records</button>
${s.readOnly ? `<p class="muted">${e(s.readOnly)}</p>` : '<button type="submit">Save mapping</button>'}<span class="busy">working…</span></div></form>`;
}
