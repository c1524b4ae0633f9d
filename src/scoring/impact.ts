// What a policy change does to a portfolio, tallied one account at a time: the accounts moving
// between bands and between tiers (a from -> to matrix with counts and ARR, unchanged cells
// included), the churn signals that start or stop, the tasks that would be created by kind, and
// the accounts that move most with their why before and after. Pure, and bounded in memory
// whatever the portfolio's size: only the matrices and the top movers are kept.
import { HEALTH_BANDS, TASK_KINDS, type Band, type TaskKind } from '../model/index.ts';

export interface ImpactSide {
  score: number | null;
  band: Band;
  tier: string;
  why: string;
  /** The churn-signal codes that fire. */
  signals: readonly string[];
}

export interface ImpactEntry {
  accountId: string;
  name: string | null;
  arr: number | null;
  before: ImpactSide;
  after: ImpactSide;
  /** Kinds of the tasks the draft would create for the account (not made yet). */
  created: readonly TaskKind[];
}

export interface MatrixCell {
  from: string;
  to: string;
  count: number;
  arr: number;
}

export interface Mover {
  accountId: string;
  name: string | null;
  before: Omit<ImpactSide, 'signals'>;
  after: Omit<ImpactSide, 'signals'>;
}

export interface ImpactCounts {
  accounts: number;
  bands: MatrixCell[];
  tiers: MatrixCell[];
  signals: { signal: string; starts: number; stops: number }[];
  tasks: { kind: TaskKind; count: number }[];
  movers: Mover[];
}

/** Movers listed by default. */
export const MOVERS_SHOWN = 20;

/**
 * How far an account moves: the change of its score, and 101 (more than any change of score) when
 * it gains or loses a score (to or from insufficient data). An account whose score stays but whose
 * band or tier changes (new thresholds, new tier rules) moves by a fraction, so it is still listed.
 */
export function movement(before: ImpactSide, after: ImpactSide): number {
  const relabelled = before.band !== after.band || before.tier !== after.tier ? 0.5 : 0;
  if (before.score === null && after.score === null) return relabelled;
  if (before.score === null || after.score === null) return 101;
  return Math.abs(after.score - before.score) + relabelled;
}

export class ImpactTally {
  readonly #shown: number;
  #accounts = 0;
  readonly #bands = new Map<string, MatrixCell>();
  readonly #tiers = new Map<string, MatrixCell>();
  readonly #signals = new Map<string, { starts: number; stops: number }>();
  readonly #tasks = new Map<TaskKind, number>(TASK_KINDS.map((k) => [k, 0]));
  /** The top movers so far, largest first, with their movement. */
  readonly #movers: { move: number; arr: number; mover: Mover }[] = [];

  constructor(moversShown = MOVERS_SHOWN) {
    this.#shown = moversShown;
  }

  add(e: ImpactEntry): void {
    this.#accounts++;
    const arr = e.arr ?? 0;
    cell(this.#bands, e.before.band, e.after.band, arr);
    cell(this.#tiers, e.before.tier, e.after.tier, arr);
    const before = new Set(e.before.signals);
    const after = new Set(e.after.signals);
    for (const s of after) if (!before.has(s)) this.#signal(s).starts++;
    for (const s of before) if (!after.has(s)) this.#signal(s).stops++;
    for (const kind of e.created) this.#tasks.set(kind, this.#tasks.get(kind)! + 1);
    this.#mover(e, arr);
  }

  result(): ImpactCounts {
    const bandOrder = (b: string) => HEALTH_BANDS.indexOf(b as Band);
    return {
      accounts: this.#accounts,
      bands: [...this.#bands.values()].sort((a, b) => bandOrder(a.from) - bandOrder(b.from) || bandOrder(a.to) - bandOrder(b.to)),
      tiers: [...this.#tiers.values()].sort((a, b) => compare(a.from, b.from) || compare(a.to, b.to)),
      signals: [...this.#signals].map(([signal, n]) => ({ signal, ...n })).sort((a, b) => compare(a.signal, b.signal)),
      tasks: [...this.#tasks].map(([kind, count]) => ({ kind, count })),
      movers: this.#movers.map((m) => m.mover),
    };
  }

  #signal(code: string): { starts: number; stops: number } {
    let n = this.#signals.get(code);
    if (!n) this.#signals.set(code, (n = { starts: 0, stops: 0 }));
    return n;
  }

  #mover(e: ImpactEntry, arr: number): void {
    const move = movement(e.before, e.after);
    if (move === 0 || this.#shown === 0) return;
    const list = this.#movers;
    // Larger moves first; among equal moves the larger ARR, then the account id, so the list is
    // the same whatever order the accounts come in.
    const ahead = (m: { move: number; arr: number; mover: Mover }) => m.move > move || (m.move === move && (m.arr > arr || (m.arr === arr && m.mover.accountId < e.accountId)));
    let at = list.length;
    while (at > 0 && !ahead(list[at - 1]!)) at--;
    if (at >= this.#shown) return;
    const side = ({ signals: _signals, ...rest }: ImpactSide) => rest;
    list.splice(at, 0, { move, arr, mover: { accountId: e.accountId, name: e.name, before: side(e.before), after: side(e.after) } });
    if (list.length > this.#shown) list.pop();
  }
}

function cell(matrix: Map<string, MatrixCell>, from: string, to: string, arr: number): void {
  const key = `${from}\u0000${to}`;
  const c = matrix.get(key);
  if (c) {
    c.count++;
    c.arr += arr;
  } else matrix.set(key, { from, to, count: 1, arr });
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
