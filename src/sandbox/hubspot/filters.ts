// Evaluates CRM search filters and sorts over records the way HubSpot compares values: numbers,
// dates and date-times by value (filter values of dates are epoch milliseconds), the rest as text,
// case-insensitively for equality.
import type { HsProperty } from './properties.ts';
import type { Filter } from './requests.ts';
import type { Obj } from './state.ts';

export type Comparable = number | string | null;

export function comparable(p: HsProperty | undefined, raw: string | null | undefined): Comparable {
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

/**
 * A filter as a test of a record's value of its property (comparable), its own values read once:
 * a query tests every record of the type, half a million in a large portal, and reading each
 * value again for every filter on it was most of a search's time.
 */
export function matcher(f: Filter, p: HsProperty | undefined): (v: Comparable) => boolean {
  const one = comparable(p, f.value);
  switch (f.operator) {
    case 'HAS_PROPERTY':
      return (v) => v !== null;
    case 'NOT_HAS_PROPERTY':
      return (v) => v === null;
    case 'IN':
    case 'NOT_IN': {
      const list = (f.values ?? []).map((x) => comparable(p, x));
      return (v) => {
        const inList = list.some((x) => cmp(v, x) === 0);
        return f.operator === 'IN' ? v !== null && inList : !inList;
      };
    }
    case 'BETWEEN': {
      const high = comparable(p, f.highValue);
      return (v) => v !== null && cmp(v, one) >= 0 && cmp(v, high) <= 0;
    }
    case 'CONTAINS_TOKEN':
    case 'NOT_CONTAINS_TOKEN': {
      const token = String(one ?? '').replace(/\*/g, '');
      return (v) => (v !== null && String(v).includes(token)) === (f.operator === 'CONTAINS_TOKEN');
    }
  }
  const test = { EQ: (c: number) => c === 0, NEQ: (c: number) => c !== 0, LT: (c: number) => c < 0, LTE: (c: number) => c <= 0, GT: (c: number) => c > 0, GTE: (c: number) => c >= 0 }[f.operator];
  return (v) => (v === null ? f.operator === 'NEQ' : test(cmp(v, one)));
}

/** A hit with the value it sorts on, taken when the search ran. */
export interface Keyed {
  o: Obj;
  k: Comparable;
}

/** The order of a search's results: by the sort value, then by id so pages are stable. */
export function hitOrder(descending: boolean): (a: Keyed, b: Keyed) => number {
  return (a, b) => (descending ? -1 : 1) * cmp(a.k, b.k) || (a.o.id < b.o.id ? -1 : a.o.id > b.o.id ? 1 : 0);
}

/** The index of the first of `sorted` (ascending, as hitOrder leaves them) whose value is at or after `value`. */
export function firstAtOrAfter(sorted: readonly Keyed[], value: string | undefined, p: HsProperty | undefined): number {
  const target = comparable(p, value);
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const k = sorted[mid]!.k;
    // A record without the value sorts first and never matches GTE.
    if (k === null || cmp(k, target) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
