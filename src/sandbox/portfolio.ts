// The sandbox's portfolio in CRM-neutral terms: accounts with the fields a mapping needs, their
// owners, contacts, activities, tickets and deals. Each CRM's sandbox turns it into its own
// records (hubspot/seed.ts, salesforce/seed.ts), so both CRMs hold the same customers.
export const DAY_MS = 86_400_000;

export const INDUSTRIES = ['software', 'finance', 'health', 'retail', 'manufacturing', 'logistics', 'education', 'media'] as const;
export type Industry = (typeof INDUSTRIES)[number];

export interface Owner {
  index: number;
  firstName: string;
  lastName: string;
  email: string;
  role: 'sales' | 'csm';
}

const FIRST = ['Ada', 'Ben', 'Chloe', 'Dev', 'Elena', 'Farid', 'Grace', 'Hiro', 'Ines', 'Jonas', 'Kemi', 'Liam', 'Maya', 'Nils', 'Olga', 'Priya', 'Quinn', 'Rosa', 'Sam', 'Tariq'];
const LAST = ['Okafor', 'Lindqvist', 'Moreau', 'Patel', 'Rossi', 'Haddad', 'Kim', 'Tanaka', 'Silva', 'Weber', 'Adeyemi', 'Byrne', 'Cohen', 'Dubois', 'Novak', 'Iyer', 'Walsh', 'Garcia', 'Berg', 'Aziz'];

/** 29 sales owners then 8 CSMs: owner indexes 0..28 sell, 29..36 look after customers. */
export const OWNERS: readonly Owner[] = Array.from({ length: 37 }, (_, i) => {
  const firstName = FIRST[i % FIRST.length]!;
  const lastName = LAST[(i * 7) % LAST.length]!;
  return { index: i, firstName, lastName, email: `${firstName}.${lastName}@sandbox.example`.toLowerCase(), role: i < 29 ? 'sales' : 'csm' };
});
export const FIRST_CSM = 29;

export interface Contact {
  firstName: string;
  lastName: string;
  email: string;
}

export interface Engagement {
  kind: 'meeting' | 'call' | 'email' | 'note';
  at: number;
  /** Meetings and calls; 0 for the rest. */
  minutes: number;
  ownerIndex: number;
}

export interface SupportTicket {
  createdAt: number;
  closed: boolean;
  /** When a closed ticket was closed; portfolios with a past (past.ts) set it. */
  closedAt?: number;
  priority: 'LOW' | 'MEDIUM' | 'HIGH' | 'URGENT';
  subject: string;
}

export interface Opportunity {
  name: string;
  amount: number;
  state: 'won' | 'lost' | 'open';
  /** An open deal's step through its pipeline, 0 (first stage) to 4. */
  step: number;
  closeAt: number;
  ownerIndex: number;
  pipeline: 'sales' | 'renewals';
}

export interface PortfolioAccount {
  index: number;
  name: string;
  domain: string;
  industry: Industry;
  employees: number;
  /** The customer's own revenue. */
  annualRevenue: number;
  ownerIndex: number;
  csmIndex: number | null;
  /** What the customer pays us a year; null: not a paying customer (yet), or not filled in. */
  arr: number | null;
  /** YYYY-MM-DD. */
  contractEnd: string | null;
  /** Share of licensed core features used in the last 30 days, 0..100. */
  usagePct: number | null;
  lastLoginAt: number | null;
  nps: number | null;
  inTrial: boolean;
  /** When the record itself last changed in the CRM. */
  modifiedAt: number;
  contacts: Contact[];
  engagements: Engagement[];
  tickets: SupportTicket[];
  deals: Opportunity[];
  /** The day the customer left (YYYY-MM-DD); portfolios with a past (past.ts) set it on some. */
  churnedAt?: string | null;
  /**
   * The mapped fields' values over time, oldest first, each in force from `at` (CRM property or
   * field history); the current value is the last. Portfolios with a past only.
   */
  past?: { [F in PastField]?: { at: number; value: string | number | null }[] };
}

export type PastField = 'arr' | 'contractEnd' | 'usagePct' | 'nps' | 'churnedAt';

/** The hidden weights of the four health measures churn follows in a portfolio with a past. */
export interface HiddenWeights {
  usage: number;
  engagement: number;
  tickets: number;
  nps: number;
}

export interface PortfolioOptions {
  accounts: number;
  /** "Now" of the portfolio: activity dates, logins and contracts are placed around it. */
  asOf: number;
  seed: number;
  /** Engagements and tickets per account, on average. Default 10. */
  activitiesPerAccount?: number;
  /**
   * Years of history each account has (history.ts): past the recent activities, about 40 older
   * ones a year, none within the policy's windows. Default 0: the recent activities only.
   */
  historyYears?: number;
  /**
   * `realistic` (default): seeded spread across tiers, health bands, renewals and deals.
   * `uniform`: every account alike (10 activities, one deal, every tenth won ten days ago), so
   * the benchmarks and older tests can count calls and results exactly.
   */
  shape?: 'realistic' | 'uniform';
  /**
   * Two years of past (past.ts): property history of the mapped fields, monthly activities and
   * tickets, contracts renewed or not, churn that follows these hidden weights plus noise.
   */
  past?: { weights: HiddenWeights; noise: number };
}

export const isoDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
