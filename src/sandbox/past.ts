// A portfolio with a past, for the score backtest (DOMAIN.md sections 10, 11; docs/backtest.md):
// two years of each paying account's life. Each of the four health measures follows its own
// monthly random walk (independent, so a fit can tell them apart); the CRM holds what they imply:
// feature usage and NPS as property history, one meeting a month (so any 90-day window holds the
// last three), high-priority tickets opened at the start of a month and closed at the next. At
// each contract end the account renews (a renewal deal won 5..40 days before, which moves
// `contractEnd` a year on and may change the ARR) unless its hidden health, the hidden weights'
// mean of the sub-scores 45 days before the end plus noise, is below CHURN_BELOW: then the
// contract ends unrenewed and `churnedAt` is that day. Drawn from a stream of its own.
import { between, rngFor, whole, type Random } from './random.ts';
import { DAY_MS, isoDay, type Engagement, type HiddenWeights, type Opportunity, type PortfolioAccount, type PortfolioOptions, type SupportTicket } from './portfolio.ts';

export const PAST_DAYS = 730;
const MONTH_DAYS = 30;
/** Hidden health below which a contract ends unrenewed (about a quarter of renewals). */
export const CHURN_BELOW = 40;
const TARGET = (arr: number) => (arr >= 1_000_000 ? 240 : arr >= 100_000 ? 120 : 60);

type Walk = number[];

function walk(r: Random, months: number): Walk {
  const out = [between(r, 5, 100)];
  for (let m = 1; m <= months; m++) out.push(Math.min(100, Math.max(0, out[m - 1]! + between(r, -18, 18))));
  return out;
}

/** The hidden health the churn decision reads: the weighted mean of the sub-scores, plus noise. */
export function hiddenHealth(sub: Readonly<HiddenWeights>, w: Readonly<HiddenWeights>, noise: number, r: Random): number {
  const total = w.usage + w.engagement + w.tickets + w.nps;
  const mean = (w.usage * sub.usage + w.engagement * sub.engagement + w.tickets * sub.tickets + w.nps * sub.nps) / total;
  return mean + noise * (r() + r() + r() - 1.5) * 2;
}

export function withPast(a: PortfolioAccount, o: PortfolioOptions): PortfolioAccount {
  if (!o.past) return a;
  const r = rngFor(o.seed ^ 0x6b8b4567, a.index);
  const start = o.asOf - PAST_DAYS * DAY_MS;
  const months = Math.ceil(PAST_DAYS / MONTH_DAYS);
  const at = (m: number) => start + m * MONTH_DAYS * DAY_MS;
  const monthOf = (t: number) => Math.max(0, Math.min(months, Math.floor((t - start) / (MONTH_DAYS * DAY_MS))));
  const usage = walk(r, months);
  const engagement = walk(r, months);
  const tickets = walk(r, months);
  const nps = walk(r, months);
  let arr = a.arr ?? Math.round(between(r, 10_000, 400_000));
  const owner = a.csmIndex ?? a.ownerIndex;

  const past: NonNullable<PortfolioAccount['past']> = { arr: [{ at: start, value: arr }], usagePct: [], nps: [], contractEnd: [], churnedAt: [] };
  const deals: Opportunity[] = [{ name: `${a.name} new business`, amount: arr, state: 'won', step: 4, closeAt: start - whole(r, 0, 330) * DAY_MS, ownerIndex: a.ownerIndex, pipeline: 'sales' }];
  let end = deals[0]!.closeAt + 365 * DAY_MS;
  past.contractEnd!.push({ at: start, value: isoDay(end) });
  let churnedAt: number | null = null;
  while (end <= o.asOf) {
    const m = monthOf(end - 45 * DAY_MS);
    const sub = { usage: usage[m]!, engagement: engagement[m]!, tickets: tickets[m]!, nps: nps[m]! };
    if (hiddenHealth(sub, o.past.weights, o.past.noise, r) < CHURN_BELOW) {
      churnedAt = end;
      break;
    }
    const won = end - whole(r, 5, 40) * DAY_MS;
    arr = Math.round(arr * between(r, 0.9, 1.25));
    deals.push({ name: `${a.name} renewal`, amount: arr, state: 'won', step: 4, closeAt: won, ownerIndex: a.ownerIndex, pipeline: 'renewals' });
    past.arr!.push({ at: won, value: arr });
    end += 365 * DAY_MS;
    past.contractEnd!.push({ at: won, value: isoDay(end) });
  }
  const last = churnedAt === null ? months : monthOf(churnedAt);
  const engagements: Engagement[] = [];
  const supportTickets: SupportTicket[] = [];
  // Each account's meetings and tickets a second after the previous account's in the day, as no two
  // customers' would share an instant in a real CRM (HubSpot search pages on the sort value, and
  // 10,000 meetings at one instant are past its 10,000-result cap). The dates the rules compare
  // them with (as-of dates, their windows, churn) lie days away, so the shift moves none across one.
  const spread = (a.index % 86_400) * 1_000;
  for (let m = 0; m <= last; m++) {
    past.usagePct!.push({ at: at(m), value: Math.round(usage[m]!) });
    past.nps!.push({ at: at(m), value: Math.round(2 * nps[m]! - 100) });
    const meetingAt = at(m) + 15 * DAY_MS;
    const minutes = Math.round(((engagement[m]! / 100) * TARGET(arr)) / 3);
    if (meetingAt <= o.asOf && minutes > 0) engagements.push({ kind: 'meeting', at: meetingAt + spread, minutes, ownerIndex: owner });
    const open = Math.round((100 - tickets[m]!) / 15);
    for (let k = 0; k < open; k++) {
      const createdAt = at(m) + DAY_MS + k * 3_600_000;
      const closedAt = at(m + 1) + DAY_MS;
      if (createdAt > o.asOf) continue;
      const closed = closedAt <= o.asOf && (churnedAt === null || closedAt <= churnedAt + 30 * DAY_MS);
      supportTickets.push({ createdAt: createdAt + spread, closed, ...(closed ? { closedAt: closedAt + spread } : {}), priority: 'HIGH', subject: 'Blocking issue' });
    }
  }
  if (churnedAt !== null) past.churnedAt!.push({ at: churnedAt, value: isoDay(churnedAt) });
  const lastOf = <T>(list: readonly { value: T }[] | undefined): T | null => list?.at(-1)?.value ?? null;
  return {
    ...a,
    arr,
    contractEnd: isoDay(end),
    usagePct: lastOf(past.usagePct) as number | null,
    nps: lastOf(past.nps) as number | null,
    lastLoginAt: churnedAt ?? o.asOf - whole(r, 0, 20) * DAY_MS,
    inTrial: false,
    engagements,
    tickets: supportTickets,
    deals,
    churnedAt: churnedAt === null ? null : isoDay(churnedAt),
    past,
  };
}
