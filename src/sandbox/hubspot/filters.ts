// Evaluates CRM search filters and sorts over records the way HubSpot compares values: numbers,
// dates and date-times by value (filter values of dates are epoch milliseconds), the rest as text,
// case-insensitively for equality.
import type { HsProperty } from './properties.ts';
import type { Filter } from './requests.ts';
import type { Obj } from './state.ts';

type Comparable = number | string | null;

function comparable(p: HsProperty | undefined, raw: string | null | undefined): Comparable {
  if (raw === null || raw === undefined || raw === '') return null;
  if (p && (p.type === 'number' || p.type === 'datetime' || p.type === 'date')) {
    const n = /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : Date.parse(raw.length === 10 ? `${raw}T00:00:00Z` : raw);
    return Number.isFinite(n) ? n : null;
  }
  return raw.toLowerCase();
}

function cmp(a: Comparable, b: Comparable): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? -1 : 1;
  return typeof a === 'number' && typeof b === 'number' ? a - b : String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}

export function matches(o: Obj, f: Filter, p: HsProperty | undefined): boolean {
  const v = comparable(p, o.properties[f.propertyName]);
  const one = comparable(p, f.value);
  switch (f.operator) {
    case 'HAS_PROPERTY':
      return v !== null;
    case 'NOT_HAS_PROPERTY':
      return v === null;
    case 'IN':
    case 'NOT_IN': {
      const inList = (f.values ?? []).some((x) => cmp(v, comparable(p, x)) === 0);
      return f.operator === 'IN' ? v !== null && inList : !inList;
    }
    case 'BETWEEN':
      return v !== null && cmp(v, one) >= 0 && cmp(v, comparable(p, f.highValue)) <= 0;
    case 'CONTAINS_TOKEN':
    case 'NOT_CONTAINS_TOKEN': {
      const has = v !== null && String(v).includes(String(one ?? '').replace(/\*/g, ''));
      return f.operator === 'CONTAINS_TOKEN' ? has : !has;
    }
  }
  if (v === null) return f.operator === 'NEQ';
  const c = cmp(v, one);
  return { EQ: c === 0, NEQ: c !== 0, LT: c < 0, LTE: c <= 0, GT: c > 0, GTE: c >= 0 }[f.operator];
}

/** Sorts hits by one property (HubSpot takes one sort), then by id so pages are stable. */
export function sortHits(hits: Obj[], property: string | null, descending: boolean, p: HsProperty | undefined): Obj[] {
  if (!property) return hits.sort((a, b) => cmp(Number(a.id) || a.id, Number(b.id) || b.id));
  const keyed = hits.map((o) => ({ o, k: comparable(p, o.properties[property]) }));
  keyed.sort((a, b) => (descending ? -1 : 1) * cmp(a.k, b.k) || (a.o.id < b.o.id ? -1 : a.o.id > b.o.id ? 1 : 0));
  return keyed.map((h) => h.o);
}

/** The index of the first of `sorted` (ascending by `property`, as sortHits leaves them) whose value is at or after `value`. */
export function firstAtOrAfter(sorted: readonly Obj[], property: string, value: string | undefined, p: HsProperty | undefined): number {
  const target = comparable(p, value);
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const v = comparable(p, sorted[mid]!.properties[property]);
    // A record without the value sorts first and never matches GTE.
    if (v === null || cmp(v, target) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
