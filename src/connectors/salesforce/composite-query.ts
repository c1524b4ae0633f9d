// Many SOQL statements read through the Composite resource: up to 5 query subrequests a call (the
// cap), each page's next page queued until every statement is read. The whole call counts once
// against the org's API allocation, so the history of 1,000 accounts (tasks, events, cases and
// opportunities) costs one call per round instead of one per page. Statements travel in the JSON
// body, so long IN lists are bounded by SOQL's 100,000 characters, not by a URL's 16 KB.
// A statement's next page comes only with the page before, so a long statement fills no call: a
// reader that can split one (`Split`) is asked to at its first page, and then the longest chains
// of pages go first, so the last calls are not left carrying one chain each.
//
// https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_composite_post.htm
import { RetryableError } from '../../model/index.ts';
import { parseAnswer, type SalesforceApi } from './api.ts';
import { QUERY_OPTIONS, QUERY_PAGE_SIZE } from './query.ts';
import { CompositeResponseSchema } from './schemas/composite.ts';
import { QueryPageSchema, type QueryPage, type SfRecord } from './schemas/query.ts';
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
export interface StatementPage<S extends Statement = Statement> {
  /** Index of the statement: those given first, then those a split added, in the order added. */
  statement: number;
  of: S;
  records: SfRecord[];
  /** The statement's last page. */
  done: boolean;
}

/** How a reader splits its long statements. */
export interface Split<S extends Statement> {
  /** Records a statement not yet read is expected to hold; null when unknown (taken as one page). */
  expected(s: S): number | null;
  /**
   * At a statement's first page that has more to come: statements that read the rest in its
   * stead, or null to follow its cursor. `others`: the pages the other statements in flight are
   * expected to take.
   */
  rest(s: S, first: QueryPage, others: number): S[] | null;
}

interface Pending<S> {
  statement: number;
  of: S;
  url: string;
  attempt: number;
  /** The statement's totalSize, once its first page is read. */
  total: number | null;
  /** Its records read so far. */
  read: number;
}

/** Reads every statement to the end; yields the pages of each composite call as they come. */
export async function* compositePages<S extends Statement>(api: SalesforceApi, statements: readonly S[], split?: Split<S>): AsyncGenerator<StatementPage<S>[]> {
  let added = 0;
  const fresh = (of: S): Pending<S> => ({ statement: added++, of, url: `/services/data/v${API_VERSION}/${of.all ? 'queryAll' : 'query'}?q=${encodeURIComponent(of.soql)}`, attempt: 1, total: null, read: 0 });
  const queue = statements.map(fresh);
  const pagesLeft = (p: Pending<S>) => Math.max(1, Math.ceil((p.total === null ? (split?.expected(p.of) ?? 0) : p.total - p.read) / QUERY_PAGE_SIZE));
  while (queue.length > 0) {
    // The longest chains first (a stable sort: FIFO among equals, and without a split).
    if (split) queue.sort((a, b) => pagesLeft(b) - pagesLeft(a));
    const round = queue.splice(0, COMPOSITE_QUERIES);
    const firsts: { next: Pending<S>; page: QueryPage }[] = [];
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
    const pages: StatementPage<S>[] = [];
    let wait = 0;
    for (const [i, p] of round.entries()) {
      const sub = answer.compositeResponse.find((r) => r.referenceId === `q${i}`);
      const route = `${ROUTE} (query subrequest)`;
      if (sub && sub.httpStatusCode >= 200 && sub.httpStatusCode < 300) {
        const page = parseAnswer(route, QueryPageSchema, sub.body);
        pages.push({ statement: p.statement, of: p.of, records: page.records, done: page.done || !page.nextRecordsUrl });
        if (page.done || !page.nextRecordsUrl) continue;
        const next = { ...p, url: page.nextRecordsUrl, attempt: 1, total: page.totalSize, read: p.read + page.records.length };
        queue.push(next);
        if (p.read === 0) firsts.push({ next, page });
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
    // Split once every page of the call is counted, so each split sees the others' sizes.
    if (split) {
      for (const { next, page } of firsts) {
        const others = queue.reduce((n, q) => n + (q === next ? 0 : pagesLeft(q)), 0);
        const parts = split.rest(next.of, page, others);
        if (parts) queue.splice(queue.indexOf(next), 1, ...parts.map(fresh));
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
