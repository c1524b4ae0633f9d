// The Accounts of Opportunities (a change names an Opportunity; its Account is re-scored).
import type { SalesforceApi } from './api.ts';
import { runQueries } from './composite-query.ts';
import { OpportunityRecordSchema, readRecords } from './schemas/records.ts';
import { inStatements } from './soql.ts';

export async function accountsOfDeals(api: SalesforceApi, dealIds: readonly string[]): Promise<string[]> {
  const statements = inStatements('SELECT Id, AccountId FROM Opportunity WHERE Id', dealIds).map((soql) => ({ soql }));
  // https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_composite_post.htm
  // POST /services/data/vXX.X/composite: GET query subrequests on Opportunity
  const records = readRecords('Opportunity records', OpportunityRecordSchema, (await runQueries(api, statements)).flat());
  return [...new Set(records.flatMap((r) => (r.AccountId ? [r.AccountId] : [])))];
}
