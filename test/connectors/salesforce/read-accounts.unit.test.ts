// Account reads: a full load paged with queryMore (nextRecordsUrl), deletions noticed through
// QueryAll, the hand-over to Bulk API 2.0 above the threshold, and an invalid checkpoint starting
// over. Every SOQL statement, header and checkpoint is asserted.
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import type { AccountPage } from '../../../src/connectors/connector.ts';
import { ACCOUNT_SELECT, accountDescribe, type CompositeBody, EXAMPLE_MAPPING, fromBody, INSTANCE, NOW, queryPage, sfId, soqlOf, testConnector, UPPER, useNock, V } from './helpers.ts';

const upperMs = Date.parse(UPPER);
const account = (n: number, extra: Record<string, unknown> = {}) => ({ Id: sfId('001', n), SystemModstamp: `2026-11-0${1 + (n % 9)}T10:00:00.000+0000`, Name: `Account ${n}`, ...extra });

async function readAll(pages: AsyncIterable<AccountPage>): Promise<AccountPage[]> {
  const out: AccountPage[] = [];
  for await (const page of pages) out.push(page);
  return out;
}

function mockDescribe() {
  // GET /sobjects/Account/describe (https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_sobject_describe.htm)
  nock(INSTANCE).get(`${V}/sobjects/Account/describe`).reply(200, accountDescribe());
}

describe('readAccounts', () => {
  useNock();

  it('loads every Account in SystemModstamp order, paged with queryMore, and reads the recycle bin', async () => {
    const { connector, recorder } = testConnector();
    mockDescribe();
    // GET /queryAll (https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_queryall.htm): nothing deleted
    nock(INSTANCE, { reqheaders: { 'sforce-query-options': 'batchSize=2000' } })
      .get(`${V}/queryAll`)
      .query({ q: `SELECT Id FROM Account WHERE IsDeleted = true AND SystemModstamp <= ${UPPER} ORDER BY SystemModstamp, Id` })
      .reply(200, queryPage('Account', []), { 'Sforce-Limit-Info': 'api-usage=120/100000' });
    // GET /query (https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_query.htm): 2 of 3, then queryMore
    nock(INSTANCE, { reqheaders: { 'sforce-query-options': 'batchSize=2000', authorization: 'Bearer 00Dtest!token' } })
      .get(`${V}/query`)
      .query({ q: `SELECT ${ACCOUNT_SELECT} FROM Account WHERE SystemModstamp > 1970-01-01T00:00:00Z AND SystemModstamp <= ${UPPER} ORDER BY SystemModstamp, Id` })
      .reply(200, { ...queryPage('Account', [account(1, { ARR__c: 250000, Feature_Usage__c: 55, In_Trial__c: false, Contract_End_Date__c: '2027-01-31' }), account(2)], `${V}/query/01gxx0000000001-2000`), totalSize: 3 });
    // GET <nextRecordsUrl> (https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/dome_query.htm)
    nock(INSTANCE, { reqheaders: { 'sforce-query-options': 'batchSize=2000' } })
      .get(`${V}/query/01gxx0000000001-2000`)
      .reply(200, { ...queryPage('Account', [account(3, { NPS__c: 'n/a' })]), totalSize: 3 }, { 'Sforce-Limit-Info': 'api-usage=123/100000' });

    const pages = await readAll(connector.readAccounts(EXAMPLE_MAPPING, null));

    expect(pages.map((p) => [p.accounts.map((a) => a.account.id), p.deletedIds])).toEqual([
      [[], []],
      [[sfId('001', 1), sfId('001', 2)], []],
      [[sfId('001', 3)], []],
    ]);
    expect(pages[1]!.accounts[0]!.account).toEqual({ id: sfId('001', 1), name: 'Account 1', arr: 250_000, featureUsage: 0.55, inTrial: false, contractEnd: Date.UTC(2027, 0, 31) });
    expect(pages[2]!.accounts[0]!.problems).toEqual([{ accountId: sfId('001', 3), field: 'nps', property: 'NPS__c', reason: '"n/a" is not a number' }]);
    // Save, then checkpoint: each page resumes after its last record; the last one at the window's end.
    expect(pages[0]!.checkpoint).toEqual({ v: 1, source: 'salesforce.accounts', cursor: { since: 0, afterId: null }, deletedSince: upperMs, bulk: null });
    expect(pages[1]!.checkpoint).toMatchObject({ cursor: { since: Date.UTC(2026, 10, 3, 10), afterId: sfId('001', 2) } });
    expect(pages[2]!.checkpoint).toMatchObject({ cursor: { since: upperMs, afterId: null }, deletedSince: upperMs, bulk: null });
    expect(connector.apiUsage()).toMatchObject({ used: 123, max: 100_000 });
    expect([...recorder.counts()]).toEqual([
      ['GET /sobjects/Account/describe ok', 1],
      ['GET /queryAll ok', 1],
      ['GET /query ok', 1],
      ['GET /query/{cursor} ok', 1],
    ]);
  });

  it('reports Accounts deleted since the checkpoint and reads the changed ones after its cursor', async () => {
    const { connector } = testConnector();
    mockDescribe();
    const checkpoint = { v: 1, source: 'salesforce.accounts', cursor: { since: Date.UTC(2026, 10, 19, 8), afterId: sfId('001', 40) }, deletedSince: Date.UTC(2026, 10, 19, 8), bulk: null };
    // GET /queryAll: IsDeleted rows since the last look
    nock(INSTANCE)
      .get(`${V}/queryAll`)
      .query({ q: `SELECT Id FROM Account WHERE IsDeleted = true AND SystemModstamp > 2026-11-19T08:00:00Z AND SystemModstamp <= ${UPPER} ORDER BY SystemModstamp, Id` })
      .reply(200, queryPage('Account', [{ Id: sfId('001', 7) }, { Id: sfId('001', 9) }]));
    // GET /query: the keyset resumes after (SystemModstamp, Id) of the checkpoint
    nock(INSTANCE)
      .get(`${V}/query`)
      .query({
        q: `SELECT ${ACCOUNT_SELECT} FROM Account WHERE (SystemModstamp > 2026-11-19T08:00:00Z OR (SystemModstamp = 2026-11-19T08:00:00Z AND Id > '${sfId('001', 40)}')) AND SystemModstamp <= ${UPPER} ORDER BY SystemModstamp, Id`,
      })
      .reply(200, queryPage('Account', [account(41)]));

    const pages = await readAll(connector.readAccounts(EXAMPLE_MAPPING, checkpoint));

    expect(pages[0]).toEqual({ accounts: [], deletedIds: [sfId('001', 7), sfId('001', 9)], checkpoint: { ...checkpoint, deletedSince: upperMs } });
    expect(pages[1]!.accounts.map((a) => a.account.id)).toEqual([sfId('001', 41)]);
    expect(pages[1]!.checkpoint).toEqual({ ...checkpoint, cursor: { since: upperMs, afterId: null }, deletedSince: upperMs });
  });

  it('hands the rest of a read above the threshold to a Bulk API 2.0 job and pages its CSV results by locator', async () => {
    const { connector, recorder, waits } = testConnector({ bulkThreshold: 3, bulk: { pageSize: 2, pollIntervalMs: 1_000 } });
    mockDescribe();
    nock(INSTANCE).get(`${V}/queryAll`).query(true).reply(200, queryPage('Account', []));
    // GET /query: the first page says 5 changed Accounts are waiting, more than the threshold of 3
    nock(INSTANCE)
      .get(`${V}/query`)
      .query(true)
      .reply(200, { ...queryPage('Account', [account(1), account(2)], `${V}/query/01gxx0000000002-2000`), totalSize: 5 });
    // POST /jobs/query (https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/query_create_job.htm)
    nock(INSTANCE)
      .post(`${V}/jobs/query`, {
        operation: 'query',
        query: `SELECT ${ACCOUNT_SELECT} FROM Account WHERE (SystemModstamp > 2026-11-03T10:00:00Z OR (SystemModstamp = 2026-11-03T10:00:00Z AND Id > '${sfId('001', 2)}')) AND SystemModstamp <= ${UPPER}`,
        contentType: 'CSV',
        columnDelimiter: 'COMMA',
        lineEnding: 'LF',
      })
      .reply(200, { id: '750xx0000000001AAA', state: 'UploadComplete' });
    // GET /jobs/query/{id} (https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/query_get_one_job.htm)
    nock(INSTANCE).get(`${V}/jobs/query/750xx0000000001AAA`).reply(200, { id: '750xx0000000001AAA', state: 'InProgress' });
    nock(INSTANCE).get(`${V}/jobs/query/750xx0000000001AAA`).reply(200, { id: '750xx0000000001AAA', state: 'JobComplete', numberRecordsProcessed: 3 });
    // GET /jobs/query/{id}/results (https://developer.salesforce.com/docs/atlas.en-us.api_asynch.meta/api_asynch/query_get_job_results.htm)
    const header = `"${ACCOUNT_SELECT.split(', ').join('","')}"`;
    const row = (n: number, arr: string) => `"${sfId('001', n)}","2026-11-05T10:00:00.000Z","Account ${n}","","","","","${arr}","","","","","","false"`;
    nock(INSTANCE)
      .get(`${V}/jobs/query/750xx0000000001AAA/results`)
      .query({ maxRecords: '2' })
      .reply(200, `${header}\n${row(3, '120000')}\n${row(4, '')}\n`, { 'Content-Type': 'text/csv', 'Sforce-Locator': 'MjAwMDAw', 'Sforce-NumberOfRecords': '2' });
    nock(INSTANCE)
      .get(`${V}/jobs/query/750xx0000000001AAA/results`)
      .query({ maxRecords: '2', locator: 'MjAwMDAw' })
      .reply(200, `${header}\n${row(5, '99.5')}\n`, { 'Content-Type': 'text/csv', 'Sforce-Locator': 'null', 'Sforce-NumberOfRecords': '1' });

    const pages = await readAll(connector.readAccounts(EXAMPLE_MAPPING, null));

    expect(pages.map((p) => p.accounts.map((a) => a.account.id))).toEqual([[], [sfId('001', 1), sfId('001', 2)], [], [sfId('001', 3), sfId('001', 4)], [sfId('001', 5)]]);
    expect(pages[3]!.accounts.map((a) => a.account)).toEqual([
      { id: sfId('001', 3), name: 'Account 3', arr: 120_000, inTrial: false },
      { id: sfId('001', 4), name: 'Account 4', inTrial: false },
    ]);
    // The job is in the checkpoint before the wait, so a stopped run resumes it; then its locator.
    expect(pages[2]!.checkpoint).toMatchObject({ cursor: { since: Date.UTC(2026, 10, 3, 10), afterId: sfId('001', 2) }, bulk: { jobId: '750xx0000000001AAA', locator: null, upper: upperMs } });
    expect(pages[3]!.checkpoint).toMatchObject({ bulk: { jobId: '750xx0000000001AAA', locator: 'MjAwMDAw', upper: upperMs } });
    expect(pages[4]!.checkpoint).toMatchObject({ cursor: { since: upperMs, afterId: null }, bulk: null });
    expect(waits).toEqual([1_000]);
    expect(recorder.count('GET /query/{cursor}')).toBe(0);
    expect(recorder.count('GET /jobs/query/{id}/results', 'ok')).toBe(2);
  });

  it('starts over with a full load when the checkpoint is not its own', async () => {
    const { connector } = testConnector();
    mockDescribe();
    nock(INSTANCE).get(`${V}/queryAll`).query({ q: `SELECT Id FROM Account WHERE IsDeleted = true AND SystemModstamp <= ${UPPER} ORDER BY SystemModstamp, Id` }).reply(200, queryPage('Account', []));
    nock(INSTANCE)
      .get(`${V}/query`)
      .query((q) => String(q.q).includes('WHERE SystemModstamp > 1970-01-01T00:00:00Z AND'))
      .reply(200, queryPage('Account', []));
    const pages = await readAll(connector.readAccounts(EXAMPLE_MAPPING, { v: 1, source: 'hubspot.companies', phase: 'initial', after: null, startedAt: NOW }));
    expect(pages.at(-1)!.checkpoint).toMatchObject({ source: 'salesforce.accounts', cursor: { since: upperMs, afterId: null } });
  });
});

describe('sampleAccounts', () => {
  useNock();

  it('reads a few Accounts by id with the mapped fields, each raw value beside the canonical account', async () => {
    const { connector } = testConnector();
    // GET /sobjects/Account/describe (https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_sobject_describe.htm)
    nock(INSTANCE).get(`${V}/sobjects/Account/describe`).reply(200, accountDescribe());
    const soqls: string[] = [];
    // POST /composite (https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_composite_post.htm)
    nock(INSTANCE)
      .post(`${V}/composite`)
      .reply(
        fromBody((b: CompositeBody) => [
          200,
          {
            compositeResponse: b.compositeRequest.map((r) => {
              soqls.push(soqlOf(r.url));
              const records = [
                { Id: sfId('001', 1), SystemModstamp: '2026-11-01T10:00:00.000+0000', Name: 'One', ARR__c: 120000, Feature_Usage__c: 55 },
                { Id: sfId('001', 2), SystemModstamp: '2026-11-01T10:00:00.000+0000', Name: 'Two', ARR__c: null, Feature_Usage__c: 'lots' },
              ];
              return { body: queryPage('Account', records), httpHeaders: {}, httpStatusCode: 200, referenceId: r.referenceId };
            }),
          },
        ]),
      );
    const [one, two] = await connector.sampleAccounts(EXAMPLE_MAPPING, [sfId('001', 1), sfId('001', 2)]);
    expect(soqls).toEqual([`SELECT ${ACCOUNT_SELECT} FROM Account WHERE Id IN ('${sfId('001', 1)}','${sfId('001', 2)}')`]);
    expect(one!.raw).toMatchObject({ Name: 'One', ARR__c: 120000, Feature_Usage__c: 55, NPS__c: null });
    expect(one!.account).toMatchObject({ id: sfId('001', 1), name: 'One', arr: 120000, featureUsage: 0.55 });
    expect(two!.raw).toMatchObject({ ARR__c: null, Feature_Usage__c: 'lots' });
    expect(two!.problems).toEqual([expect.objectContaining({ field: 'featureUsage', property: 'Feature_Usage__c' })]);
  });
});
