// The realistic portfolio: a seeded spread of customers the way a B2B book of business looks.
// Tiers by ARR (a few strategic accounts, many standard ones, some not filled in), a latent
// health profile that moves usage, logins, NPS, engagement and tickets together (so bands come
// out near 45 % healthy, 25 % watch, 25 % at risk, a few without data), yearly contracts renewing
// on the first win's anniversary, new customers won in the last weeks (handoffs), open and lost
// deals, trials. Everything is drawn from the account's own random stream (random.ts).
import { between, pick, rngFor, weighted, whole, type Random } from './random.ts';
import {
  DAY_MS,
  FIRST_CSM,
  INDUSTRIES,
  isoDay,
  OWNERS,
  type Engagement,
  type Industry,
  type Opportunity,
  type PortfolioAccount,
  type PortfolioOptions,
  type SupportTicket,
} from './portfolio.ts';

type Profile = 'thriving' | 'steady' | 'struggling' | 'dark';

const PREFIX = ['Acme', 'Blue', 'Cedar', 'Delta', 'Ember', 'Fjord', 'Granite', 'Harbor', 'Iris', 'Juniper', 'Kestrel', 'Lumen', 'Maple', 'Nimbus', 'Onyx', 'Pioneer', 'Quartz', 'River', 'Summit', 'Tidal', 'Umber', 'Vertex', 'Willow', 'Xeno', 'Yarrow', 'Zephyr'];
const MIDDLE = ['', 'line', 'point', 'field', 'way', 'stone', 'gate', 'works', 'bridge', 'crest', 'wood', 'view'];
const SUFFIX: Record<Industry, readonly string[]> = {
  software: ['Software', 'Labs', 'Cloud'],
  finance: ['Capital', 'Financial', 'Partners'],
  health: ['Health', 'Clinics', 'Care'],
  retail: ['Retail', 'Stores', 'Outfitters'],
  manufacturing: ['Industries', 'Manufacturing', 'Components'],
  logistics: ['Logistics', 'Freight', 'Transport'],
  education: ['Learning', 'Academy', 'Education'],
  media: ['Media', 'Studios', 'Publishing'],
};
const TICKET_SUBJECTS = ['Login fails with SSO', 'Export is slow', 'Invoice question', 'Dashboard shows no data', 'API returns 500', 'Add seats', 'Report filter broken', 'Import stuck'];

const logUniform = (r: Random, min: number, max: number) => Math.round(min * (max / min) ** r());

/** How far back an activity lies: bias > 1 crowds recent days, < 1 older ones. */
const daysAgo = (r: Random, span: number, bias: number) => span * r() ** bias;

function arrOf(r: Random): { arr: number | null; inTrial: boolean } {
  switch (weighted(r, { strategic: 6, growth: 28, standard: 58, none: 8 })) {
    case 'strategic':
      return { arr: logUniform(r, 1_000_000, 4_000_000), inTrial: false };
    case 'growth':
      return { arr: logUniform(r, 100_000, 999_000), inTrial: false };
    case 'standard':
      return { arr: logUniform(r, 6_000, 99_000), inTrial: false };
    default:
      return { arr: null, inTrial: r() < 0.5 };
  }
}

function engagements(r: Random, n: number, profile: Profile, big: boolean, asOf: number, ownerIndex: number): Engagement[] {
  const bias = { thriving: 1.6, steady: 1.1, struggling: 0.5, dark: 0.4 }[profile];
  const out: Engagement[] = [];
  for (let k = 0; k < n; k++) {
    const kind = weighted(r, { meeting: 23, call: 22, email: 38, note: 17 });
    const at = asOf - Math.floor(daysAgo(r, 120, bias) * DAY_MS) - whole(r, 1, 10) * 3_600_000;
    const minutes = kind === 'meeting' ? pick(r, big ? [45, 60, 90] : [30, 45, 60]) : kind === 'call' ? whole(r, 5, 35) : 0;
    out.push({ kind, at, minutes, ownerIndex });
  }
  return out;
}

function tickets(r: Random, n: number, profile: Profile, asOf: number): SupportTicket[] {
  // Struggling customers open more tickets lately, which is what TICKETS_RISING looks for.
  const extra = profile === 'struggling' && r() < 0.4 ? whole(r, 2, 4) : 0;
  const closedShare = { thriving: 0.92, steady: 0.75, struggling: 0.5, dark: 0.7 }[profile];
  return Array.from({ length: n + extra }, (_, k) => ({
    createdAt: asOf - Math.floor((k < n ? daysAgo(r, 120, 1) : daysAgo(r, 25, 1)) * DAY_MS) - whole(r, 1, 20) * 3_600_000,
    closed: r() < closedShare,
    priority: weighted(r, { LOW: 35, MEDIUM: 40, HIGH: 18, URGENT: 7 }),
    subject: pick(r, TICKET_SUBJECTS),
  }));
}

function deals(r: Random, arr: number | null, inTrial: boolean, name: string, asOf: number, ownerIndex: number): { deals: Opportunity[]; contractEnd: string | null } {
  const out: Opportunity[] = [];
  const deal = (d: Omit<Opportunity, 'ownerIndex' | 'step'> & { step?: number }) => out.push({ step: 0, ownerIndex, ...d });
  let contractEnd: string | null = null;
  if (arr !== null) {
    // A few customers were won in the last weeks: their handoff is under way.
    const firstWin = asOf - Math.floor((r() < 0.05 ? between(r, 1, 25) : between(r, 45, 1_100)) * DAY_MS);
    deal({ name: `${name} - new business`, amount: arr, state: 'won', closeAt: firstWin, pipeline: 'sales' });
    let end = firstWin + 365 * DAY_MS;
    for (let year = 1; end < asOf - 20 * DAY_MS; year++) {
      if (r() < 0.85) deal({ name: `${name} - renewal ${year}`, amount: Math.round(arr * between(r, 0.9, 1.1)), state: 'won', closeAt: end - whole(r, 0, 20) * DAY_MS, pipeline: 'renewals' });
      end += 365 * DAY_MS;
    }
    contractEnd = isoDay(end);
    if (r() < 0.22) deal({ name: `${name} - expansion`, amount: Math.round(arr * between(r, 0.2, 0.5)), state: 'open', step: whole(r, 0, 4), closeAt: asOf + whole(r, 10, 120) * DAY_MS, pipeline: 'sales' });
  } else {
    if (inTrial || r() < 0.5) deal({ name: `${name} - new business`, amount: logUniform(r, 10_000, 300_000), state: 'open', step: whole(r, 0, 3), closeAt: asOf + whole(r, 10, 90) * DAY_MS, pipeline: 'sales' });
  }
  if (r() < 0.1) deal({ name: `${name} - add-on`, amount: logUniform(r, 5_000, 80_000), state: 'lost', closeAt: asOf - whole(r, 30, 600) * DAY_MS, pipeline: 'sales' });
  return { deals: out, contractEnd };
}

export function realisticAccount(i: number, o: PortfolioOptions): PortfolioAccount {
  const r = rngFor(o.seed, i);
  const { asOf } = o;
  const industry = pick(r, INDUSTRIES);
  const name = `${PREFIX[i % PREFIX.length]}${MIDDLE[Math.floor(i / PREFIX.length) % MIDDLE.length]} ${pick(r, SUFFIX[industry])}`;
  const { arr, inTrial } = arrOf(r);
  const profile: Profile = weighted(r, { thriving: 46, steady: 26, struggling: 22, dark: 6 });
  const big = arr !== null && arr >= 1_000_000;
  const ownerIndex = whole(r, 0, FIRST_CSM - 1);
  const csmIndex = arr !== null && (arr >= 100_000 || r() < 0.4) ? FIRST_CSM + whole(r, 0, OWNERS.length - FIRST_CSM - 1) : null;

  const usage = { thriving: [72, 100], steady: [45, 85], struggling: [8, 50], dark: null }[profile];
  const nps = { thriving: [20, 90], steady: [-20, 50], struggling: [-90, 10], dark: null }[profile];
  const login = { thriving: [0, 8], steady: [0, 28], struggling: [5, 75], dark: [40, 120] }[profile];
  const n = Math.max(1, Math.round((o.activitiesPerAccount ?? 10) * between(r, 0.5, 1.5) * (profile === 'dark' ? 0.4 : 1)));
  const ticketCount = Math.round(n * 0.22);
  const { deals: opportunities, contractEnd } = deals(r, arr, inTrial, name, asOf, ownerIndex);
  return {
    index: i,
    name,
    domain: `${name.toLowerCase().replace(/[^a-z]+/g, '')}${i}.example`,
    industry,
    employees: logUniform(r, 20, 20_000),
    annualRevenue: logUniform(r, 2_000_000, 2_000_000_000),
    ownerIndex,
    csmIndex,
    arr,
    contractEnd,
    usagePct: usage && r() > 0.04 ? whole(r, usage[0]!, usage[1]!) : null,
    lastLoginAt: r() > 0.03 ? asOf - Math.floor(between(r, login[0]!, login[1]!) * DAY_MS) : null,
    nps: nps && r() < 0.75 ? whole(r, nps[0]!, nps[1]!) : null,
    inTrial,
    modifiedAt: asOf - Math.floor(between(r, 1, 30) * DAY_MS),
    contacts: Array.from({ length: whole(r, 1, 4) }, () => {
      const first = pick(r, ['Alex', 'Jamie', 'Morgan', 'Taylor', 'Jordan', 'Casey', 'Riley', 'Avery', 'Drew', 'Sasha']);
      const last = pick(r, ['Nguyen', 'Smith', 'Mueller', 'Ivanova', 'Johnson', 'Santos', 'Larsen', 'Ahmed', 'Brown', 'Kowalski']);
      return { firstName: first, lastName: last, email: `${first}.${last}${i}@${name.toLowerCase().replace(/[^a-z]+/g, '')}.example`.toLowerCase() };
    }),
    engagements: engagements(r, n - ticketCount, profile, big, asOf, csmIndex ?? ownerIndex),
    tickets: tickets(r, ticketCount, profile, asOf),
    deals: opportunities,
  };
}
