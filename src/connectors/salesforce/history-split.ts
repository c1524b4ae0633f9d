// How the history read splits a long statement so its pages fill Composite calls. A statement's
// pages come one a call (each next page only with the one before), so a statement of 18 pages
// takes 18 calls however empty they are. With P pages to read, five a call, no chain of pages
// need be longer than ceil(P / 5): a statement expected to run longer is split by its accounts
// into parts that each fit that chain, with room for the parts whose accounts hold more than
// their share. A statement of one page or a few is never split, so the live sync's 90-day reads,
// mostly one page a statement, cost what they did.
import { COMPOSITE_QUERIES } from './composite-query.ts';
import { QUERY_PAGE_SIZE } from './query.ts';

/** A part is planned to this share of its chain's capacity: parts of equal accounts hold unequal records. */
const FILL = 0.9;

/** Pages `records` take, one at least (an empty statement still answers a page). */
export const pagesOf = (records: number) => Math.max(1, Math.ceil(records / QUERY_PAGE_SIZE));

/** The longest chain of pages the calls need, `pages` to read, five a call. */
export const chainLength = (pages: number) => Math.max(1, Math.ceil(pages / COMPOSITE_QUERIES));

/**
 * Parts to split `records` into so each part's pages fit within `chain`: one when they fit
 * already, and no more than a call carries (a sixth would come only from the room left for uneven
 * parts).
 */
export function partsFor(records: number, chain: number): number {
  if (pagesOf(records) <= chain) return 1;
  return Math.min(COMPOSITE_QUERIES, Math.ceil(records / (chain * QUERY_PAGE_SIZE * FILL)));
}

/** `values` in `parts` runs of near-equal length, in order. */
export function slices<T>(values: readonly T[], parts: number): T[][] {
  const n = Math.max(1, Math.min(parts, values.length));
  return Array.from({ length: n }, (_, i) => values.slice(Math.floor((i * values.length) / n), Math.floor(((i + 1) * values.length) / n)));
}

/** Calls `records` (one entry a statement) are expected to take split to `chain`: the longest chain, or the pages five a call if more. */
function callsAt(records: readonly number[], chain: number): number {
  let pages = 0;
  let longest = 1;
  for (const r of records) {
    const parts = partsFor(r, chain);
    pages += parts * pagesOf(r / parts);
    longest = Math.max(longest, pagesOf(r / parts));
  }
  return Math.max(longest, Math.ceil(pages / COMPOSITE_QUERIES));
}

/**
 * The chain to split statements expected to hold `records` to: of the shortest the pages allow and
 * the two above it, the one expected to take the fewest calls (the shortest of those: a longer
 * chain with as many calls packs its parts closer to their last page, and a part that overflows
 * it adds a call). The shortest alone can split too finely: 11,000 records and three empty
 * statements fill two calls as three parts of two pages, where four parts take three calls.
 */
export function planChain(records: readonly number[]): number {
  const shortest = chainLength(records.reduce((n, r) => n + pagesOf(r), 0));
  let best = shortest;
  for (let chain = shortest + 1; chain <= shortest + 2; chain++) if (callsAt(records, chain) < callsAt(records, best)) best = chain;
  return best;
}
