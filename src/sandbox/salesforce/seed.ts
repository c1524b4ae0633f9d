// Fills a sandbox org with a portfolio (../portfolio.ts) as Salesforce holds it: Accounts with the
// standard fields and the custom ones examples/mapping.salesforce.json maps, Events for meetings,
// Tasks for calls and emails (and notes, logged as plain tasks, which are not engagement), Cases,
// and Opportunities through the standard stages, with 18-character ids. Records were last
// modified at least a day before the as-of date.
import { portfolio } from '../generate.ts';
import { DAY_MS, INDUSTRIES, type PortfolioAccount, type PortfolioOptions } from '../portfolio.ts';
import type { Row } from './soql.ts';

export const TABLES = ['Account', 'Task', 'Event', 'Case', 'Opportunity', 'PermissionSet', 'AccountHistory'] as const;

/** An 18-character id: key prefix, then a number. */
export const sfId = (prefix: string, n: number): string => `${prefix}${String(n).padStart(15, '0')}`;
export const ownerId = (index: number): string => sfId('005', index + 1);
/** Salesforce's date-time format, offset without a colon. */
export const sfTime = (ms: number): string => new Date(ms).toISOString().replace('Z', '+0000');
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

const INDUSTRY = ['Technology', 'Finance', 'Healthcare', 'Retail', 'Manufacturing', 'Transportation', 'Education', 'Media'];
const PRIORITY = { LOW: 'Low', MEDIUM: 'Medium', HIGH: 'High', URGENT: 'Critical' } as const;
const OPEN_STAGES = ['Prospecting', 'Qualification', 'Needs Analysis', 'Proposal/Price Quote', 'Negotiation/Review'];

export function seedOrg(tables: Map<string, Row[]>, o: PortfolioOptions): void {
  const add = (object: (typeof TABLES)[number], row: Row) => tables.get(object)!.push(row);
  const next = new Map<string, number>();
  const newId = (prefix: string) => {
    const n = next.get(prefix) ?? 0;
    next.set(prefix, n + 1);
    return sfId(prefix, n);
  };
  add('PermissionSet', { Id: sfId('0PS', 1), Name: 'Crm_Pulse' });
  const stamp = (ms: number) => sfTime(Math.min(ms, o.asOf - DAY_MS));
  const seedAccount = (a: PortfolioAccount) => {
    const accountId = sfId('001', a.index);
    add('Account', {
      Id: accountId,
      Name: a.name,
      Industry: INDUSTRY[INDUSTRIES.indexOf(a.industry)]!,
      AnnualRevenue: a.annualRevenue,
      NumberOfEmployees: a.employees,
      OwnerId: ownerId(a.ownerIndex),
      ARR__c: a.arr,
      Contract_End_Date__c: a.contractEnd,
      Feature_Usage__c: a.usagePct,
      Last_Login__c: a.lastLoginAt === null ? null : sfTime(a.lastLoginAt),
      NPS__c: a.nps,
      CSM__c: a.csmIndex === null ? null : ownerId(a.csmIndex),
      In_Trial__c: a.inTrial,
      IsDeleted: false,
      CreatedDate: sfTime(a.modifiedAt - 400 * DAY_MS),
      SystemModstamp: sfTime(a.modifiedAt),
    });
    // A past (past.ts) becomes Account field history: one row per change of a tracked field.
    const tracked = { arr: 'ARR__c', contractEnd: 'Contract_End_Date__c', usagePct: 'Feature_Usage__c', nps: 'NPS__c' } as const;
    for (const [key, field] of Object.entries(tracked) as [keyof typeof tracked, string][]) {
      let old: string | number | null = null;
      for (const v of a.past?.[key] ?? []) {
        add('AccountHistory', { Id: newId('017'), AccountId: accountId, Field: field, OldValue: old, NewValue: v.value, CreatedDate: sfTime(v.at), IsDeleted: false });
        old = v.value;
      }
    }
    const base = (at: number, owner: number) => ({ AccountId: accountId, WhatId: accountId, OwnerId: ownerId(owner), IsDeleted: false, CreatedDate: stamp(at), SystemModstamp: stamp(at) });
    for (const e of a.engagements) {
      if (e.kind === 'meeting') {
        add('Event', { Id: newId('00U'), ...base(e.at, e.ownerIndex), Subject: 'Account review', StartDateTime: sfTime(e.at), EndDateTime: sfTime(e.at + e.minutes * 60_000), DurationInMinutes: e.minutes, IsAllDayEvent: false });
        continue;
      }
      const kind = { call: { TaskSubtype: 'Call', Type: 'Call', Subject: 'Check-in call', CallDurationInSeconds: e.minutes * 60 }, email: { TaskSubtype: 'Email', Type: 'Email', Subject: 'Email: Following up', CallDurationInSeconds: null }, note: { TaskSubtype: 'Task', Type: null, Subject: 'Notes from the last conversation', CallDurationInSeconds: null } }[e.kind];
      add('Task', { Id: newId('00T'), ...base(e.at, e.ownerIndex), ...kind, Status: 'Completed', Priority: 'Normal', ActivityDate: day(e.at), CompletedDateTime: sfTime(e.at), IsClosed: true });
    }
    for (const t of a.tickets) {
      add('Case', { Id: newId('500'), AccountId: accountId, OwnerId: ownerId(a.csmIndex ?? a.ownerIndex), Subject: t.subject, Status: t.closed ? 'Closed' : 'New', Priority: PRIORITY[t.priority], IsClosed: t.closed, ClosedDate: t.closedAt === undefined ? null : sfTime(t.closedAt), IsDeleted: false, CreatedDate: sfTime(t.createdAt), SystemModstamp: stamp(t.createdAt) });
    }
    for (const d of a.deals) {
      const stage = d.state === 'won' ? 'Closed Won' : d.state === 'lost' ? 'Closed Lost' : OPEN_STAGES[Math.min(d.step, 4)]!;
      add('Opportunity', { Id: newId('006'), AccountId: accountId, Name: d.name, OwnerId: ownerId(d.ownerIndex), Amount: d.amount, CloseDate: day(d.closeAt), StageName: stage, IsWon: d.state === 'won', IsClosed: d.state !== 'open', IsDeleted: false, CreatedDate: stamp(d.closeAt - 60 * DAY_MS), SystemModstamp: stamp(d.closeAt) });
    }
  };
  for (const account of portfolio(o)) seedAccount(account);
}
