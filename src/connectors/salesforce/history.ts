// The trailing history the rules read for the accounts being scored (DOMAIN.md section 9,
// "History read"): calls, emails and meetings of the window, cases open now or created in it, and
// every opportunity. Four statements per chunk of account ids (`AccountId IN (...)`, chunks kept
// under SOQL's length limit) go through the Composite resource, five queries a call.
import { DAY_MS, type Policy } from '../../model/index.ts';
import type { AccountHistory } from '../connector.ts';
import { historyDays } from '../history-window.ts';
import type { SalesforceApi } from './api.ts';
import { HISTORY_OBJECTS, type HistoryObject } from './checkpoint.ts';
import { runQueries, type Statement } from './composite-query.ts';
import { CaseRecordSchema, EventRecordSchema, OpportunityRecordSchema, readRecords, TaskRecordSchema } from './schemas/records.ts';
import { date, dateTime, inStatements } from './soql.ts';
import { caseToActivity, eventToActivity, opportunityToDeal, taskToActivity } from './to-activity.ts';

function statementsFor(object: HistoryObject, ids: readonly string[], from: number, asOf: number): string[] {
  const fromAt = dateTime(from);
  const asOfAt = dateTime(asOf);
  switch (object) {
    case 'Task':
      return inStatements(
        'SELECT Id, AccountId, OwnerId, TaskSubtype, Type, CallDurationInSeconds, ActivityDate, CompletedDateTime, CreatedDate FROM Task WHERE AccountId',
        ids,
        ` AND (TaskSubtype IN ('Call','Email','ListEmail') OR Type IN ('Call','Email') OR CallDurationInSeconds != null) AND (CreatedDate > ${fromAt} OR ActivityDate >= ${date(from)})`,
      );
    case 'Event':
      return inStatements('SELECT Id, AccountId, OwnerId, StartDateTime, EndDateTime, DurationInMinutes, IsAllDayEvent FROM Event WHERE AccountId', ids, ` AND StartDateTime > ${fromAt} AND StartDateTime <= ${asOfAt}`);
    case 'Case':
      return inStatements('SELECT Id, AccountId, OwnerId, CreatedDate, IsClosed, ClosedDate, Priority FROM Case WHERE AccountId', ids, ` AND CreatedDate <= ${asOfAt} AND (IsClosed = false OR CreatedDate > ${fromAt})`);
    case 'Opportunity':
      return inStatements('SELECT Id, AccountId, Name, OwnerId, Amount, CloseDate, IsWon, IsClosed FROM Opportunity WHERE AccountId', ids);
  }
}

export async function readHistory(api: SalesforceApi, accountIds: readonly string[], asOf: number, policy: Policy): Promise<Map<string, AccountHistory>> {
  const out = new Map<string, AccountHistory>(accountIds.map((id) => [id, { activities: [], deals: [], problems: [] }]));
  const from = asOf - historyDays(policy) * DAY_MS;
  const inWindow = (t: number) => t > from && t <= asOf;
  const statements: (Statement & { object: HistoryObject })[] = HISTORY_OBJECTS.flatMap((object) => statementsFor(object, accountIds, from, asOf).map((soql) => ({ soql, object })));
  // https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_composite_post.htm
  // POST /services/data/vXX.X/composite: GET query subrequests on Task, Event, Case, Opportunity
  const results = await runQueries(api, statements);
  const add = (accountId: string | null | undefined, push: (h: AccountHistory) => void) => {
    const h = accountId ? out.get(accountId) : undefined;
    if (h) push(h);
  };
  const reportTo = (accountId: string | null | undefined) => (problem: string) => add(accountId, (h) => h.problems.push(problem));
  statements.forEach(({ object }, i) => {
    const records = results[i]!;
    switch (object) {
      case 'Task':
        for (const r of readRecords('Task records', TaskRecordSchema, records)) {
          const a = taskToActivity(r, reportTo(r.AccountId));
          if (a && inWindow(a.at)) add(r.AccountId, (h) => h.activities.push(a));
        }
        break;
      case 'Event':
        for (const r of readRecords('Event records', EventRecordSchema, records)) {
          const a = eventToActivity(r, reportTo(r.AccountId));
          if (a) add(r.AccountId, (h) => h.activities.push(a));
        }
        break;
      case 'Case':
        for (const r of readRecords('Case records', CaseRecordSchema, records)) {
          const a = caseToActivity(r);
          if (a) add(r.AccountId, (h) => h.activities.push(a));
        }
        break;
      case 'Opportunity':
        for (const r of readRecords('Opportunity records', OpportunityRecordSchema, records)) {
          const deal = opportunityToDeal(r, reportTo(r.AccountId));
          add(r.AccountId, (h) => h.deals.push(deal));
        }
        break;
    }
  });
  return out;
}
