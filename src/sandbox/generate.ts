// Makes a portfolio (portfolio.ts) of one shape, one account at a time, so a 100,000-account
// sandbox never holds a neutral copy beside its CRM records.
import type { PortfolioAccount, PortfolioOptions } from './portfolio.ts';
import { withHistory } from './history.ts';
import { withPast } from './past.ts';
import { realisticAccount } from './realistic.ts';
import { uniformAccount } from './uniform.ts';

export function* portfolio(o: PortfolioOptions): Generator<PortfolioAccount> {
  const make = o.shape === 'uniform' ? uniformAccount : realisticAccount;
  for (let i = 0; i < o.accounts; i++) yield o.past ? withPast(make(i, o), o) : withHistory(make(i, o), o);
}
