// Records per account each history object held in the last read of the same span, kept by the
// connector so the next read (the backtest's next chunk of accounts, the next batch of a run)
// plans its statements' split before the first page rather than after it. An estimate only: a
// wrong one costs calls, never records.
import type { HistoryObject } from './checkpoint.ts';

export class HistoryRates {
  readonly #perAccount = new Map<string, number>();

  /** Records `accounts` accounts are expected to hold over `days` days; null when no read of that span was seen. */
  expected(object: HistoryObject, days: number, accounts: number): number | null {
    const rate = this.#perAccount.get(`${object}:${days}`);
    return rate === undefined ? null : rate * accounts;
  }

  learn(object: HistoryObject, days: number, accounts: number, records: number): void {
    if (accounts > 0) this.#perAccount.set(`${object}:${days}`, records / accounts);
  }
}
