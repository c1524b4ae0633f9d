// The policy editor's form. Every input is named by its path in the policy
// (`health.weights.usage`, `tiers.rules.0.when.1.value`), so the draft read back from a post is
// the partial policy PUT /policy takes, and each problem the policy check names by path lands on
// its input. The tier rules are an ordered table (an order column, a blank row to add one).
import { CANONICAL_FIELDS, COMPARISONS, type Policy } from '../../model/index.ts';
import { escapeHtml as e } from '../html.ts';

export type Values = Record<string, string | string[]>;
type Draft = Record<string, unknown>;

const BANDS = ['healthy', 'watch', 'at_risk'] as const;
/** Inputs that hold text, not numbers. */
const TEXT = /(^tiers\.preset$|^tiers\.fallback$|\.tier$|\.field$|\.op$|subject$|recommendation$|body$)/;
/** Inputs that hold a list (checkboxes). */
const LISTS = new Set(['playbook.rescue.onBands', 'playbook.rescue.signalTiers']);

/** A policy (or a draft) as input values by path. */
export function policyValues(doc: unknown, prefix = '', out: Values = {}): Values {
  if (Array.isArray(doc)) {
    if (doc.every((x) => typeof x !== 'object' || x === null)) out[prefix] = LISTS.has(prefix) ? doc.map(String) : doc.map(String).join(', ');
    else doc.forEach((x, i) => policyValues(x, `${prefix}.${i}`, out));
  } else if (typeof doc === 'object' && doc !== null) {
    for (const [k, v] of Object.entries(doc)) policyValues(v, prefix ? `${prefix}.${k}` : k, out);
  } else if (doc !== undefined && doc !== null) {
    out[prefix] = String(doc);
  }
  return out;
}

/** Posted values by path: strings, and lists for repeated names. */
export function postedValues(body: unknown): Values {
  const out: Values = {};
  if (typeof body !== 'object' || body === null) return out;
  for (const [k, v] of Object.entries(body)) {
    if (k === '_csrf' || k === 'accountId') continue;
    if (typeof v === 'string') out[k] = LISTS.has(k) ? [v] : v;
    else if (Array.isArray(v)) out[k] = v.filter((x): x is string => typeof x === 'string');
  }
  for (const list of LISTS) out[list] ??= [];
  return out;
}

// A number typed is a number; anything else stays text, so the check names the range it must be in.
const number = (s: string): unknown => (s.trim() !== '' && Number.isFinite(Number(s)) ? Number(s) : s);

function conditionValue(op: string, s: string): unknown {
  if (op === 'exists' || op === 'missing' || s.trim() === '') return undefined;
  if (op === 'in') return s.split(',').map((x) => x.trim()).filter(Boolean).map((x) => (Number.isFinite(Number(x)) ? Number(x) : x));
  if (s === 'true' || s === 'false') return s === 'true';
  return number(s);
}

function put(target: Draft, path: string[], value: unknown): void {
  let at: Record<string, unknown> = target;
  path.slice(0, -1).forEach((k, i) => {
    const next = path[i + 1]!;
    at[k] ??= /^\d+$/.test(next) ? [] : {};
    at = at[k] as Record<string, unknown>;
  });
  at[path.at(-1)!] = value;
}

/**
 * The partial policy the values describe: empty inputs are left out (the default applies), the
 * tier rules sorted by their order column with blank rows and conditions dropped.
 */
export function policyDraft(v: Values): Draft {
  const draft: Draft = {};
  for (const [name, raw] of Object.entries(v)) {
    if (name.startsWith('tiers.rules.')) continue;
    if (Array.isArray(raw)) {
      put(draft, name.split('.'), raw);
      continue;
    }
    if (name === 'health.tickets.highPriorities') {
      put(draft, name.split('.'), raw.split(',').map((x) => x.trim()).filter(Boolean));
      continue;
    }
    if (raw.trim() === '') continue;
    put(draft, name.split('.'), TEXT.test(name) ? raw : number(raw));
  }
  const rules: { order: number; tier: string; when: unknown[] }[] = [];
  for (let i = 0; v[`tiers.rules.${i}.tier`] !== undefined; i++) {
    const at = (k: string) => String(v[`tiers.rules.${i}.${k}`] ?? '');
    const when: unknown[] = [];
    for (let j = 0; v[`tiers.rules.${i}.when.${j}.field`] !== undefined; j++) {
      const field = at(`when.${j}.field`);
      if (!field) continue;
      const op = at(`when.${j}.op`);
      const value = conditionValue(op, at(`when.${j}.value`));
      when.push({ field, op, ...(value === undefined ? {} : { value }) });
    }
    if (!at('tier') && when.length === 0) continue;
    rules.push({ order: Number(at('order')) || i + 1, tier: at('tier'), when });
  }
  const tiers = (draft.tiers ?? {}) as Draft;
  tiers.rules = rules.sort((a, b) => a.order - b.order).map(({ tier, when }) => ({ tier, when }));
  draft.tiers = tiers;
  return draft;
}

export interface Ctx {
  values: Values;
  problems: readonly string[];
}

const pathOf = (problem: string) => problem.slice(0, Math.max(0, problem.indexOf(': ')));
const idOf = (name: string) => `p-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;
const str = (c: Ctx, name: string) => {
  const v = c.values[name];
  return Array.isArray(v) ? v.join(', ') : (v ?? '');
};

function errors(c: Ctx, name: string): { attrs: string; html: string } {
  const mine = c.problems.filter((p) => pathOf(p) === name);
  if (!mine.length) return { attrs: '', html: '' };
  const id = `${idOf(name)}-err`;
  return { attrs: ` aria-invalid="true" aria-describedby="${id}"`, html: `<div id="${id}">${mine.map((p) => `<p class="error">${e(p)}</p>`).join('')}</div>` };
}

/** Problems of a group (e.g. `health.weights: must sum to more than 0`). */
export function groupErrors(c: Ctx, path: string): string {
  return c.problems.filter((p) => pathOf(p) === path).map((p) => `<p class="error" role="alert">${e(p)}</p>`).join('');
}

export function numberInput(c: Ctx, name: string, label: string, help = '', extra = ''): string {
  const err = errors(c, name);
  return `<div class="field"><label for="${idOf(name)}">${e(label)}</label><input type="text" inputmode="decimal" id="${idOf(name)}" name="${e(name)}" value="${e(str(c, name))}"${err.attrs}${extra}>${help ? `<p class="help">${e(help)}</p>` : ''}${err.html}</div>`;
}

export function textInput(c: Ctx, name: string, label: string, multiline = false): string {
  const err = errors(c, name);
  const input = multiline
    ? `<textarea id="${idOf(name)}" name="${e(name)}" rows="2"${err.attrs}>${e(str(c, name))}</textarea>`
    : `<input type="text" id="${idOf(name)}" name="${e(name)}" value="${e(str(c, name))}"${err.attrs}>`;
  return `<div class="field"><label for="${idOf(name)}">${e(label)}</label>${input}${err.html}</div>`;
}

export function checkboxes(c: Ctx, name: string, legend: string, options: readonly string[]): string {
  const chosen = new Set(Array.isArray(c.values[name]) ? (c.values[name] as string[]) : []);
  const boxes = options.map((o, i) => `<label class="check"><input type="checkbox" name="${e(name)}" value="${e(o)}" id="${idOf(name)}-${i}"${chosen.has(o) ? ' checked' : ''}> ${e(o)}</label>`).join(' ');
  return `<fieldset><legend>${e(legend)}</legend>${boxes}${c.problems.filter((p) => pathOf(p).startsWith(name)).map((p) => `<p class="error">${e(p)}</p>`).join('')}</fieldset>`;
}

/** A labelled drop-down of fixed options. */
export function choice(c: Ctx, name: string, label: string, options: readonly string[]): string {
  const err = errors(c, name);
  return `<div class="field"><label for="${idOf(name)}">${e(label)}</label><select id="${idOf(name)}" name="${e(name)}"${err.attrs}>${options.map((o) => `<option${o === str(c, name) ? ' selected' : ''}>${e(o)}</option>`).join('')}</select>${err.html}</div>`;
}

function select(name: string, label: string, options: readonly string[], value: string, err: { attrs: string }): string {
  return `<label for="${idOf(name)}" class="sr-only">${e(label)}</label><select id="${idOf(name)}" name="${e(name)}"${err.attrs}>${options.map((o) => `<option${o === value ? ' selected' : ''}>${e(o)}</option>`).join('')}</select>`;
}

/** The tier rules, first match wins, with one blank rule and one blank condition per rule to add. */
export function ruleTable(c: Ctx): string {
  let rules = 0;
  while (c.values[`tiers.rules.${rules}.tier`] !== undefined) rules++;
  const rows: string[] = [];
  for (let i = 0; i <= rules; i++) {
    let conds = 0;
    while (c.values[`tiers.rules.${i}.when.${conds}.field`] !== undefined) conds++;
    const condHtml: string[] = [];
    for (let j = 0; j <= conds; j++) {
      const p = `tiers.rules.${i}.when.${j}`;
      const errs = [errors(c, `${p}.field`), errors(c, `${p}.op`), errors(c, `${p}.value`), errors(c, p)];
      condHtml.push(`<div class="cond">${select(`${p}.field`, `Rule ${i + 1} condition ${j + 1} field`, ['', ...CANONICAL_FIELDS], str(c, `${p}.field`), errs[0]!)}
${select(`${p}.op`, `Rule ${i + 1} condition ${j + 1} comparison`, COMPARISONS, str(c, `${p}.op`) || '>=', errs[1]!)}
<label for="${idOf(`${p}.value`)}" class="sr-only">Rule ${i + 1} condition ${j + 1} value</label><input type="text" id="${idOf(`${p}.value`)}" name="${p}.value" value="${e(str(c, `${p}.value`))}"${errs[2]!.attrs}>${errs.map((x) => x.html).join('')}</div>`);
    }
    const tierErr = errors(c, `tiers.rules.${i}.tier`);
    rows.push(`<tr><td><label for="${idOf(`tiers.rules.${i}.order`)}" class="sr-only">Order of rule ${i + 1}</label><input type="text" inputmode="numeric" size="3" id="${idOf(`tiers.rules.${i}.order`)}" name="tiers.rules.${i}.order" value="${i + 1}"></td>
<td><label for="${idOf(`tiers.rules.${i}.tier`)}" class="sr-only">Tier of rule ${i + 1}</label><input type="text" id="${idOf(`tiers.rules.${i}.tier`)}" name="tiers.rules.${i}.tier" value="${e(str(c, `tiers.rules.${i}.tier`))}" placeholder="${i === rules ? 'new tier' : ''}"${tierErr.attrs}>${tierErr.html}</td>
<td>${condHtml.join('')}${groupErrors(c, `tiers.rules.${i}.when`)}</td></tr>`);
  }
  return `<div class="scroll"><table><caption class="muted">First rule that matches gives the tier; all its conditions must hold. Blank rows add a rule or a condition; a rule with no tier and no condition is dropped.</caption>
<thead><tr><th>Order</th><th>Tier</th><th>Conditions (field, comparison, value; "in" takes a comma list)</th></tr></thead><tbody>${rows.join('')}</tbody></table></div>${groupErrors(c, 'tiers.rules')}`;
}

export { BANDS };
export type { Policy };
