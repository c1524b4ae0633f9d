// Fills a sandbox portal with a portfolio (../portfolio.ts) as HubSpot holds it: companies with the
// standard and mapped custom properties, contacts, meetings, calls, emails, notes, tickets in the
// Support pipeline and deals in the Sales or Renewals pipeline, each associated with its company.
// Records were last modified at least a day before the as-of date, so a first incremental read
// after a full load finds only what changed since.
import { portfolio } from '../generate.ts';
import { DAY_MS, INDUSTRIES, type PortfolioAccount, type PortfolioOptions } from '../portfolio.ts';
import { dealStageOf } from './pipelines.ts';
import { INDUSTRY_VALUES, ownerId } from './properties.ts';
import { OBJECT_TYPES, type Obj, type ObjectType, type PortalState } from './state.ts';

const iso = (ms: number) => new Date(ms).toISOString();

/** The first company id; companies are numbered from it in portfolio order. */
export const FIRST_COMPANY_ID = 100_000;

function add(state: PortalState, type: ObjectType, id: string, properties: Record<string, string | null>, companyId: string | null): void {
  state.objects.get(type)!.set(id, { id, properties: { ...properties, hs_object_id: id } });
  if (companyId) state.associations.add(type, id, 'companies', companyId);
}

/**
 * The id of a uniform portfolio's `k`th record of a type on the account at `accountIndex`.
 * Numeric, as HubSpot's are (searches in id order compare them as numbers).
 */
export function uniformRecordId(type: ObjectType, accountIndex: number, k: number): string {
  return String(40_000_000_000 + OBJECT_TYPES.indexOf(type) * 1_000_000_000 + accountIndex * 100 + k);
}

function seedAccount(state: PortalState, a: PortfolioAccount, o: PortfolioOptions): void {
  const companyId = String(FIRST_COMPANY_ID + a.index);
  // Uniform portfolios give records ids a test can name (uniformRecordId).
  const counters = new Map<string, number>();
  const idFor = (type: ObjectType) => {
    if (o.shape !== 'uniform') return state.newId();
    const k = counters.get(type) ?? 0;
    counters.set(type, k + 1);
    return uniformRecordId(type, a.index, k);
  };
  // A record cannot be made or changed after now: one of a later date (a meeting booked ahead, a
  // renewal closing next year) was made within the last days, each at its own moment, as records
  // entered by people are, not all at one instant.
  const latest = o.asOf - DAY_MS;
  // A record made on its own date shares that one string: a portal with five years of history
  // holds twenty million records, each with three to four copies of its date otherwise.
  const stamp = (ms: number, at: string = iso(ms)) => (ms <= latest ? at : iso(latest - ((ms - latest) % (7 * DAY_MS))));
  add(state, 'companies', companyId, {
    name: a.name,
    domain: a.domain,
    industry: INDUSTRY_VALUES[INDUSTRIES.indexOf(a.industry)]!,
    annualrevenue: String(a.annualRevenue),
    numberofemployees: String(a.employees),
    hubspot_owner_id: ownerId(a.ownerIndex),
    annual_contract_value: a.arr === null ? null : String(a.arr),
    contract_end_date: a.contractEnd,
    feature_usage_pct: a.usagePct === null ? null : String(a.usagePct),
    last_login_date: a.lastLoginAt === null ? null : iso(a.lastLoginAt),
    account_nps: a.nps === null ? null : String(a.nps),
    csm_owner_id: a.csmIndex === null ? null : ownerId(a.csmIndex),
    churn_date: a.churnedAt ?? null,
    in_trial: String(a.inTrial),
    createdate: iso(a.modifiedAt - 400 * DAY_MS),
    hs_createdate: iso(a.modifiedAt - 400 * DAY_MS),
    hs_lastmodifieddate: iso(a.modifiedAt),
  }, null);
  if (a.past) state.objects.get('companies')!.get(companyId)!.history = companyHistory(a);
  for (const c of a.contacts) {
    add(state, 'contacts', idFor('contacts'), { firstname: c.firstName, lastname: c.lastName, email: c.email, hs_lastmodifieddate: iso(a.modifiedAt) }, companyId);
  }
  for (const e of a.engagements) {
    const at = iso(e.at);
    const made = stamp(e.at, at);
    const base = { hs_timestamp: at, hubspot_owner_id: ownerId(e.ownerIndex), hs_createdate: made, hs_lastmodifieddate: made };
    const type = `${e.kind}s` as ObjectType;
    const extra: Record<string, string> =
      e.kind === 'meeting'
        ? { hs_meeting_title: 'Account review', hs_meeting_start_time: at, hs_meeting_end_time: iso(e.at + e.minutes * 60_000) }
        : e.kind === 'call'
          ? { hs_call_title: 'Check-in call', hs_call_duration: String(e.minutes * 60_000) }
          : e.kind === 'email'
            ? { hs_email_subject: 'Following up' }
            : { hs_note_body: 'Notes from the last conversation' };
    add(state, type, idFor(type), { ...base, ...extra }, companyId);
  }
  for (const t of a.tickets) {
    const created = iso(t.createdAt);
    const made = stamp(t.createdAt, created);
    add(state, 'tickets', idFor('tickets'), {
      subject: t.subject,
      createdate: created,
      hs_pipeline: '0',
      hs_pipeline_stage: t.closed ? '4' : '1',
      hs_ticket_priority: t.priority,
      hs_is_closed: String(t.closed),
      closed_date: t.closedAt === undefined ? null : iso(t.closedAt),
      hubspot_owner_id: ownerId(a.csmIndex ?? a.ownerIndex),
      hs_createdate: made,
      hs_lastmodifieddate: made,
    }, companyId);
  }
  for (const d of a.deals) {
    add(state, 'deals', idFor('deals'), {
      dealname: d.name,
      amount: String(d.amount),
      closedate: iso(d.closeAt),
      ...dealStageOf(d.pipeline, d.state, d.step),
      hs_is_closed_won: String(d.state === 'won'),
      hubspot_owner_id: ownerId(d.ownerIndex),
      hs_createdate: stamp(d.closeAt - 60 * DAY_MS),
      hs_lastmodifieddate: stamp(d.closeAt),
    }, companyId);
  }
}

// The portfolio's past as HubSpot property history of the mapped company properties.
const HISTORY_PROPERTIES = { arr: 'annual_contract_value', contractEnd: 'contract_end_date', usagePct: 'feature_usage_pct', nps: 'account_nps', churnedAt: 'churn_date' } as const;

function companyHistory(a: PortfolioAccount): NonNullable<Obj['history']> {
  const out: NonNullable<Obj['history']> = {};
  for (const [field, property] of Object.entries(HISTORY_PROPERTIES) as [keyof typeof HISTORY_PROPERTIES, string][]) {
    const versions = a.past?.[field];
    if (versions && versions.length > 0) out[property] = versions.map((v) => ({ value: v.value === null ? null : String(v.value), timestamp: iso(v.at) }));
  }
  return out;
}

export function seedPortal(state: PortalState, o: PortfolioOptions): void {
  for (const account of portfolio(o)) seedAccount(state, account, o);
}
