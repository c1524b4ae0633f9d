// The Accounts of history records (a change names an Opportunity, a Case, a Task or an Event; its
// Account is re-scored). Each of these objects carries its AccountId.
import { z } from 'zod';
import type { HistoryKind } from '../connector.ts';
import type { SalesforceApi } from './api.ts';
import { runQueries } from './composite-query.ts';
import { readRecords } from './schemas/records.ts';
import { inStatements } from './soql.ts';

const OBJECTS: Record<HistoryKind, string> = { deal: 'Opportunity', ticket: 'Case', call: 'Task', meeting: 'Event' };

const AccountOfSchema = z.object({ Id: z.string().min(1), AccountId: z.string().min(1).nullish() });

export async function accountsOf(api: SalesforceApi, kind: HistoryKind, ids: readonly string[]): Promise<string[]> {
  const object = OBJECTS[kind];
  const statements = inStatements(`SELECT Id, AccountId FROM ${object} WHERE Id`, ids).map((soql) => ({ soql }));
  // https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_composite_post.htm
  // POST /services/data/vXX.X/composite: GET query subrequests
  const records = readRecords(`${object} records`, AccountOfSchema, (await runQueries(api, statements)).flat());
  return [...new Set(records.flatMap((r) => (r.AccountId ? [r.AccountId] : [])))];
}
