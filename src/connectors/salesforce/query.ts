// A SOQL read page by page: the first page from the Query (or QueryAll, which also returns deleted
// rows) resource, the next ones from each page's nextRecordsUrl (queryMore), 2,000 records a
// page, the most Salesforce gives.
//
// https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_query.htm
// https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_queryall.htm
// https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/headers_queryoptions.htm
import type { SalesforceApi } from './api.ts';
import { QueryPageSchema, type QueryPage } from './schemas/query.ts';

export const QUERY_PAGE_SIZE = 2_000;
/** Sforce-Query-Options: batchSize is 200..2,000; set explicitly so a changed default cannot double the calls. */
export const QUERY_OPTIONS = { 'Sforce-Query-Options': `batchSize=${QUERY_PAGE_SIZE}` };

export interface QueryOptions {
  /** queryAll: deleted (recycle bin) and archived rows too. */
  all?: boolean;
}

export async function* queryPages(api: SalesforceApi, soql: string, o: QueryOptions = {}): AsyncGenerator<QueryPage> {
  const resource = o.all ? 'queryAll' : 'query';
  // GET /services/data/vXX.X/query?q=<SOQL> (or /queryAll)
  let page = await api.call({ method: 'GET', path: `/${resource}`, route: `GET /${resource}`, query: { q: soql }, headers: QUERY_OPTIONS }, QueryPageSchema);
  yield page;
  while (!page.done && page.nextRecordsUrl) {
    // GET <nextRecordsUrl>, e.g. /services/data/vXX.X/query/01gD0000002HU6KIAW-2000
    page = await api.call({ method: 'GET', path: page.nextRecordsUrl, route: `GET /${resource}/{cursor}`, headers: QUERY_OPTIONS }, QueryPageSchema);
    yield page;
  }
}
