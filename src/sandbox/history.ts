// History older than the policy's windows, for portfolios of long-standing customers: activities
// a year (meetings, calls, emails, notes and closed tickets) from the end of the recent span an
// account's own generator fills (120 days) back to `historyYears` years. None of it falls in a
// window the rules read (90 days by default, and every old ticket is closed), so it changes no
// score; it is what a CRM that reads a company's whole history pays for. Drawn from a stream of
// its own, so the recent activities stay the same whatever the years.
import { rngFor, pick, weighted, whole } from './random.ts';
import { DAY_MS, type PortfolioAccount, type PortfolioOptions } from './portfolio.ts';

/** Activities a year of old history. */
export const OLD_ACTIVITIES_PER_YEAR = 40;
/** The recent span the generators fill; older history starts here. */
const RECENT_DAYS = 120;
const YEAR_DAYS = 365;

export function withHistory(a: PortfolioAccount, o: PortfolioOptions): PortfolioAccount {
  const years = o.historyYears ?? 0;
  const span = years * YEAR_DAYS - RECENT_DAYS;
  if (span <= 0) return a;
  const r = rngFor(o.seed ^ 0x5f3759df, a.index);
  const owner = a.csmIndex ?? a.ownerIndex;
  const engagements = [...a.engagements];
  const tickets = [...a.tickets];
  const n = Math.round((OLD_ACTIVITIES_PER_YEAR * span) / YEAR_DAYS);
  for (let k = 0; k < n; k++) {
    const at = o.asOf - Math.floor((RECENT_DAYS + 1 + r() * (span - 1)) * DAY_MS);
    const kind = weighted(r, { meeting: 18, call: 18, email: 30, note: 14, ticket: 20 });
    if (kind === 'ticket') tickets.push({ createdAt: at, closed: true, priority: pick(r, ['LOW', 'MEDIUM', 'HIGH'] as const), subject: 'Question from an earlier year' });
    else engagements.push({ kind, at, minutes: kind === 'meeting' ? pick(r, [30, 45, 60]) : kind === 'call' ? whole(r, 5, 35) : 0, ownerIndex: owner });
  }
  return { ...a, engagements, tickets };
}
