// The uniform portfolio: every account alike, as the benchmarks and the pipeline tests were first
// written against. 2 meetings, 2 calls, 2 emails, 2 notes and 2 tickets, one deal (every tenth
// account won it ten days ago), owners and values striped by index, so counts are exact.
import { DAY_MS, isoDay, type Engagement, type PortfolioAccount, type PortfolioOptions } from './portfolio.ts';

export function uniformAccount(i: number, o: PortfolioOptions): PortfolioAccount {
  const { asOf } = o;
  const at = (k: number) => asOf - ((i + k * 13) % 120) * DAY_MS;
  const owner = i % 25;
  const engagements: Engagement[] = [];
  for (let k = 0; k < 2; k++) {
    engagements.push({ kind: 'meeting', at: at(k), minutes: 45, ownerIndex: owner });
    engagements.push({ kind: 'call', at: at(k), minutes: 10 * (k + 1), ownerIndex: owner });
    engagements.push({ kind: 'email', at: at(k), minutes: 0, ownerIndex: owner });
    engagements.push({ kind: 'note', at: at(k), minutes: 0, ownerIndex: owner });
  }
  const won = i % 10 === 0;
  return {
    index: i,
    name: `Company ${i}`,
    domain: `company${i}.example`,
    industry: 'software',
    employees: 10 + (i % 500),
    annualRevenue: 1_000_000 + i,
    ownerIndex: owner,
    csmIndex: i % 3 === 0 ? null : 29 + (i % 7),
    arr: (i % 30) * 50_000,
    contractEnd: isoDay(asOf + ((i % 400) - 30) * DAY_MS),
    usagePct: i % 101,
    lastLoginAt: asOf - (i % 60) * DAY_MS,
    nps: (i % 201) - 100,
    inTrial: false,
    modifiedAt: asOf - DAY_MS,
    contacts: [],
    engagements,
    tickets: [0, 1].map((k) => ({ createdAt: at(k), closed: (i + k) % 3 !== 0, priority: k === 0 ? 'HIGH' : 'LOW', subject: `Ticket ${i}-${k}` })),
    deals: [{ name: `Deal ${i}`, amount: 10_000 + i, state: won ? 'won' : 'open', step: 0, closeAt: asOf - (won ? 10 : 400) * DAY_MS, ownerIndex: 4, pipeline: 'sales' }],
  };
}
