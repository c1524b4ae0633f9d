// Many SOQL statements read through the Composite resource: up to 5 query subrequests a call (the
// cap), each page's next page queued until every statement is read. The whole call counts once
// against the org's API allocation, so the history of 1,000 accounts (tasks, events, cases and
// opportunities) costs one call per round instead of one per page. Statements travel in the JSON
// body, so long IN lists are bounded by SOQL's 100,000 characters, not by a URL's 16 KB.
//
// https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_composite_post.htm
import { RetryableError } from '../../model/index.ts';
import { parseAnswer, type SalesforceApi } from './api.ts';
import { QUERY_OPTIONS } from './query.ts';
import { CompositeResponseSchema } from './schemas/composite.ts';
import { QueryPageSchema, type SfRecord } from './schemas/query.ts';
import { API_VERSION } from './transport.ts';

/** Query subrequests per composite call. */
export const COMPOSITE_QUERIES = 5;
const ROUTE = 'POST /composite';

export interface Statement {
  soql: string;
  /** queryAll: deleted and archived rows too. */
  all?: boolean;
}

/** One page of one statement, in the order Salesforce returns its records. */
export interface StatementPage {
  /** Index of the statement. */
  statement: number;
  records: SfRecord[];
  /** The statement's last page. */
  done: boolean;
}

interface Pending {
  statement: number;
  url: string;
  attempt: number;
}

/** Reads every statement to the end; yields the pages of each composite call as they come. */
export async function* compositePages(api: SalesforceApi, statements: readonly Statement[]): AsyncGenerator<StatementPage[]> {
  const queue: Pending[] = statements.map((s, statement) => ({
    statement,
    url: `/services/data/v${API_VERSION}/${s.all ? 'queryAll' : 'query'}?q=${encodeURIComponent(s.soql)}`,
    attempt: 1,
  }));
  while (queue.length > 0) {
    const round = queue.splice(0, COMPOSITE_QUERIES);
    // POST /services/data/vXX.X/composite: independent GET subrequests (allOrNone false).
    const answer = await api.call(
      {
        method: 'POST',
        path: '/composite',
        route: ROUTE,
        json: { allOrNone: false, compositeRequest: round.map((p, i) => ({ method: 'GET', url: p.url, referenceId: `q${i}`, httpHeaders: QUERY_OPTIONS })) },
      },
      CompositeResponseSchema,
    );
    const pages: StatementPage[] = [];
    let wait = 0;
    for (const [i, p] of round.entries()) {
      const sub = answer.compositeResponse.find((r) => r.referenceId === `q${i}`);
      const route = `${ROUTE} (query subrequest)`;
      if (sub && sub.httpStatusCode >= 200 && sub.httpStatusCode < 300) {
        const page = parseAnswer(route, QueryPageSchema, sub.body);
        pages.push({ statement: p.statement, records: page.records, done: page.done || !page.nextRecordsUrl });
        if (!page.done && page.nextRecordsUrl) queue.push({ statement: p.statement, url: page.nextRecordsUrl, attempt: 1 });
        continue;
      }
      // A subrequest fails on its own (the others of the call stand): the same rules as a call.
      const decision = api.decide({ kind: 'http', status: sub?.httpStatusCode ?? 500, body: sub?.body ?? null }, route, p.attempt, false);
      if (decision.action === 'stop' || decision.action === 'skip') throw decision.error;
      if (decision.action === 'retry') {
        if (p.attempt >= api.maxAttempts) throw new RetryableError(decision.code, `${route}: ${decision.reason}, still after ${p.attempt} attempts; the job will be retried later`, decision.waitMs);
        wait = Math.max(wait, decision.waitMs);
        queue.push({ ...p, attempt: p.attempt + 1 });
      }
    }
    yield pages;
    if (wait > 0) await api.sleep(wait);
  }
}

/** Every record of every statement, by statement index. */
export async function runQueries(api: SalesforceApi, statements: readonly Statement[]): Promise<SfRecord[][]> {
  const out: SfRecord[][] = statements.map(() => []);
  for await (const pages of compositePages(api, statements)) {
    for (const page of pages) out[page.statement]!.push(...page.records);
  }
  return out;
}
