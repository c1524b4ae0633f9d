// The trailing history the rules read for the accounts being scored (DOMAIN.md section 9,
// "History read"): calls, emails and meetings of the window, cases open now or created in it, and
// every opportunity. Four statements per chunk of account ids (`AccountId IN (...)`, chunks kept
// under SOQL's length limit) go through the Composite resource, five queries a call. A statement
// that runs to many pages (the backtest's 510-day span) is split by its accounts
// (history-split.ts): planned from the records per account the last read of the span found, or
// at its first page, whose totalSize tells how many remain; ordered by Id, the rest of a
// statement is its accounts' records past the first page's last Id.
import { DAY_MS, type Policy } from '../../model/index.ts';
import type { AccountHistory } from '../connector.ts';
import { historyDays } from '../history-window.ts';
import type { SalesforceApi } from './api.ts';
import { HISTORY_OBJECTS, type HistoryObject } from './checkpoint.ts';
import { compositePages, type Statement } from './composite-query.ts';
import type { HistoryRates } from './history-rates.ts';
import { chainLength, pagesOf, partsFor, planChain, slices } from './history-split.ts';
import { CaseRecordSchema, EventRecordSchema, OpportunityRecordSchema, readRecords, TaskRecordSchema } from './schemas/records.ts';
import type { SfRecord } from './schemas/query.ts';
import { date, dateTime, inGroups, inStatement, quote } from './soql.ts';
import { caseToActivity, eventToActivity, opportunityToDeal, taskToActivity } from './to-activity.ts';

interface HistoryStatement extends Statement {
  object: HistoryObject;
  accountIds: readonly string[];
  /** Records it is expected to hold; null when unknown. */
  expected: number | null;
}

function shapeOf(object: HistoryObject, from: number, asOf: number): { head: string; tail: string } {
  const fromAt = dateTime(from);
  const asOfAt = dateTime(asOf);
  switch (object) {
    case 'Task':
      return {
        head: 'SELECT Id, AccountId, OwnerId, TaskSubtype, Type, CallDurationInSeconds, ActivityDate, CompletedDateTime, CreatedDate FROM Task WHERE AccountId',
        tail: ` AND (TaskSubtype IN ('Call','Email','ListEmail') OR Type IN ('Call','Email') OR CallDurationInSeconds != null) AND (CreatedDate > ${fromAt} OR ActivityDate >= ${date(from)})`,
      };
    case 'Event':
      return { head: 'SELECT Id, AccountId, OwnerId, StartDateTime, EndDateTime, DurationInMinutes, IsAllDayEvent FROM Event WHERE AccountId', tail: ` AND StartDateTime > ${fromAt} AND StartDateTime <= ${asOfAt}` };
    case 'Case':
      return { head: 'SELECT Id, AccountId, OwnerId, CreatedDate, IsClosed, ClosedDate, Priority FROM Case WHERE AccountId', tail: ` AND CreatedDate <= ${asOfAt} AND (IsClosed = false OR CreatedDate > ${fromAt})` };
    case 'Opportunity':
      return { head: 'SELECT Id, AccountId, Name, OwnerId, Amount, CloseDate, IsWon, IsClosed FROM Opportunity WHERE AccountId', tail: '' };
  }
}

export async function readHistory(api: SalesforceApi, accountIds: readonly string[], asOf: number, policy: Policy, rates?: HistoryRates): Promise<Map<string, AccountHistory>> {
  const out = new Map<string, AccountHistory>(accountIds.map((id) => [id, { activities: [], deals: [], problems: [] }]));
  const days = historyDays(policy);
  const from = asOf - days * DAY_MS;
  const inWindow = (t: number) => t > from && t <= asOf;
  /** The object's statements over `ids`, past `after` (an Id) when set, holding `expected` records between them. */
  const statements = (object: HistoryObject, ids: readonly string[], after: string | null, expected: number | null): HistoryStatement[] => {
    const { head, tail } = shapeOf(object, from, asOf);
    const rest = `${tail}${after === null ? '' : ` AND Id > ${quote(after)}`} ORDER BY Id`;
    return inGroups(head, ids, rest).map((group) => ({ soql: inStatement(head, group, rest), object, accountIds: group, expected: expected === null ? null : (expected * group.length) / ids.length }));
  };
  const expected = HISTORY_OBJECTS.map((object) => rates?.expected(object, days, accountIds.length) ?? null);
  const chain = planChain(expected.map((r) => r ?? 0));
  const planned = HISTORY_OBJECTS.flatMap((object, i) => {
    const r = expected[i]!;
    const parts = slices(accountIds, r === null ? 1 : partsFor(r, chain));
    return parts.flatMap((ids) => statements(object, ids, null, r === null ? null : (r * ids.length) / accountIds.length));
  });
  const records = new Map<HistoryObject, SfRecord[]>(HISTORY_OBJECTS.map((o) => [o, []]));
  // https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_composite_post.htm
  // POST /services/data/vXX.X/composite: GET query subrequests on Task, Event, Case, Opportunity
  const pages = compositePages(api, planned, {
    expected: (s) => s.expected,
    rest: (s, first, others) => {
      const remaining = first.totalSize - first.records.length;
      const last = first.records.at(-1)?.Id;
      const parts = partsFor(remaining, chainLength(pagesOf(remaining) + others));
      if (parts === 1 || typeof last !== 'string') return null;
      return slices(s.accountIds, parts).flatMap((ids) => statements(s.object, ids, last, (remaining * ids.length) / s.accountIds.length));
    },
  });
  for await (const call of pages) for (const page of call) records.get(page.of.object)!.push(...page.records);
  for (const [object, rows] of records) rates?.learn(object, days, accountIds.length, rows.length);
  const add = (accountId: string | null | undefined, push: (h: AccountHistory) => void) => {
    const h = accountId ? out.get(accountId) : undefined;
    if (h) push(h);
  };
  const reportTo = (accountId: string | null | undefined) => (problem: string) => add(accountId, (h) => h.problems.push(problem));
  for (const [object, rows] of records) {
    switch (object) {
      case 'Task':
        for (const r of readRecords('Task records', TaskRecordSchema, rows)) {
          const a = taskToActivity(r, reportTo(r.AccountId));
          if (a && inWindow(a.at)) add(r.AccountId, (h) => h.activities.push(a));
        }
        break;
      case 'Event':
        for (const r of readRecords('Event records', EventRecordSchema, rows)) {
          const a = eventToActivity(r, reportTo(r.AccountId));
          if (a) add(r.AccountId, (h) => h.activities.push(a));
        }
        break;
      case 'Case':
        for (const r of readRecords('Case records', CaseRecordSchema, rows)) {
          const a = caseToActivity(r);
          if (a) add(r.AccountId, (h) => h.activities.push(a));
        }
        break;
      case 'Opportunity':
        for (const r of readRecords('Opportunity records', OpportunityRecordSchema, rows)) {
          const deal = opportunityToDeal(r, reportTo(r.AccountId));
          add(r.AccountId, (h) => h.deals.push(deal));
        }
        break;
    }
  }
  return out;
}
