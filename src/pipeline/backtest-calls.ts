// The backtest's history reads counted against their minimum (docs/backtest.md): the calls each
// read made, by route and in all (one-off metadata reads included), and what the reads brought
// back, from which the connector says how few calls could have brought it (Connector.historyMinimum).
// Records are told apart by id within a chunk of accounts; a record linked to accounts of two
// chunks is counted in both, which can only raise the minimum by the records so shared.
import type { AccountHistory, Connector, FieldHistoryRead, HistoryRecordType, HistoryVolume } from '../connectors/index.ts';

export interface CallCount {
  made: number;
  minimum: number;
}

const TYPES: readonly HistoryRecordType[] = ['meeting', 'call', 'email', 'note', 'ticket', 'deal'];

const sum = (calls: Record<string, number>) => Object.values(calls).reduce((a, b) => a + b, 0);

export class HistoryCount {
  readonly #accounts: string[] = [];
  #fieldHistory: { tracked: number; rows: number } | null = null;
  readonly #records = Object.fromEntries(TYPES.map((t) => [t, { records: 0, accounts: 0 }])) as HistoryVolume['records'];
  readonly #byRoute = new Map<string, number>();
  #fieldMade: number | null = null;
  #historyMade = 0;

  #route(calls: Record<string, number>): void {
    for (const [route, n] of Object.entries(calls)) this.#byRoute.set(route, (this.#byRoute.get(route) ?? 0) + n);
  }

  /** The calls of one chunk's field history read; null when the connector reads none. */
  fieldCalls(calls: Record<string, number> | null): void {
    if (calls === null) return;
    this.#route(calls);
    this.#fieldMade = (this.#fieldMade ?? 0) + sum(calls);
  }

  /** The calls of one chunk's activity, ticket and deal read. */
  historyCalls(calls: Record<string, number>): void {
    this.#route(calls);
    this.#historyMade += sum(calls);
  }

  /** What one chunk's reads brought back. */
  add(ids: readonly string[], fields: FieldHistoryRead | null, activity: ReadonlyMap<string, AccountHistory>): void {
    for (const id of ids) this.#accounts.push(id);
    if (fields) this.#fieldHistory = { tracked: fields.tracked.length, rows: (this.#fieldHistory?.rows ?? 0) + fields.rows };
    const seen = new Map<HistoryRecordType, Set<string>>(TYPES.map((t) => [t, new Set()]));
    const record = (type: HistoryRecordType, id: string | null | undefined) => {
      const ids = seen.get(type)!;
      if (id == null) this.#records[type].records++;
      else if (!ids.has(id)) {
        ids.add(id);
        this.#records[type].records++;
      }
    };
    for (const h of activity.values()) {
      const held = new Set<HistoryRecordType>();
      for (const a of h.activities) {
        record(a.type, a.id);
        held.add(a.type);
      }
      for (const d of h.deals) {
        record('deal', d.id);
        held.add('deal');
      }
      for (const t of held) this.#records[t].accounts++;
    }
  }

  figures(connector: Connector): { byRoute: Record<string, number>; fieldHistory: CallCount | null; history: CallCount | null } {
    const minimum = connector.historyMinimum?.({ accounts: this.#accounts, fieldHistory: this.#fieldHistory, records: this.#records }) ?? null;
    return {
      byRoute: Object.fromEntries(this.#byRoute),
      fieldHistory: this.#fieldMade !== null && minimum?.fieldHistory != null ? { made: this.#fieldMade, minimum: minimum.fieldHistory } : null,
      history: minimum ? { made: this.#historyMade, minimum: minimum.history } : null,
    };
  }
}
