// Write-back through sObject Collections: our values named as Pulse_* fields and typed as
// Salesforce wants them, 200 records a call with allOrNone false, per-record failures reported,
// UNABLE_TO_LOCK_ROW sent again for just the locked records after a backoff, a lost answer read
// back so only the Accounts not saved are sent again, and an unchanged account making no call.
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import type { AccountUpdate } from '../../../src/connectors/connector.ts';
import { RecordError } from '../../../src/model/errors.ts';
import { changedValues } from '../../../src/writeback/values.ts';
import { type WriteBackValues } from '../../../src/model/write-back.ts';
import { fromBody, INSTANCE, sfId, testConnector, useNock, V } from './helpers.ts';

const values: WriteBackValues = {
  tier: 'growth',
  healthScore: 56,
  healthBand: 'at_risk',
  healthTrend: -4,
  healthReasons: 'Health 56 at_risk | usage 55% 22/40 | meetings 40/120 min 10/30 | tickets 2 open 18/20 | NPS n/a | no login since 2026-08-20',
  churnSignals: 'NO_LOGIN;HEALTH_DROP',
  renewalStage: 'upcoming',
  lifecycleStage: 'customer',
  segment: null,
  handoffStatus: null,
  expansionCandidate: null,
  scoredAt: '2026-11-20T12:00:00.000Z',
};

type CollectionBody = { allOrNone: boolean; records: ({ attributes: { type: string }; id: string } & Record<string, unknown>)[] };
const ok = (id: string) => ({ id, success: true, errors: [] });
const failed = (id: string, statusCode: string, message: string, fields: string[] = []) => ({ id, success: false, errors: [{ statusCode, message, fields }] });

describe('writeAccounts', () => {
  useNock();

  it('names and types our values as the Pulse_* Account fields', async () => {
    const { connector } = testConnector();
    // PATCH /composite/sobjects (https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_sobjects_collections_update.htm)
    nock(INSTANCE)
      .patch(`${V}/composite/sobjects`, {
        allOrNone: false,
        records: [
          {
            attributes: { type: 'Account' },
            id: sfId('001', 501),
            Pulse_Tier__c: 'growth',
            Pulse_Health_Score__c: 56,
            Pulse_Health_Band__c: 'at_risk',
            Pulse_Health_Trend__c: -4,
            Pulse_Health_Reasons__c: values.healthReasons,
            Pulse_Churn_Signals__c: 'NO_LOGIN;HEALTH_DROP',
            Pulse_Renewal_Stage__c: 'upcoming',
            Pulse_Lifecycle_Stage__c: 'customer',
            Pulse_Segment__c: null,
            Pulse_Handoff_Status__c: null,
            Pulse_Expansion_Candidate__c: false,
            Pulse_Scored_At__c: '2026-11-20T12:00:00.000Z',
          },
        ],
      })
      .reply(200, [ok(sfId('001', 501))]);
    expect(await connector.writeAccounts([{ accountId: sfId('001', 501), values }])).toEqual([{ accountId: sfId('001', 501), error: null }]);
  });

  it('sends 200 records a call and reports the records Salesforce refused, and a bad value without sending it', async () => {
    const { connector, recorder } = testConnector();
    const sizes: number[] = [];
    // PATCH /composite/sobjects: the second collection refuses one record (deleted meanwhile)
    nock(INSTANCE)
      .patch(`${V}/composite/sobjects`)
      .times(3)
      .reply(
        fromBody((b: CollectionBody) => {
          expect(b.allOrNone).toBe(false);
          sizes.push(b.records.length);
          return [200, b.records.map((r) => (r.id === sfId('001', 250) ? failed(r.id, 'ENTITY_IS_DELETED', 'entity is deleted') : ok(r.id)))];
        }),
      );
    const updates: AccountUpdate[] = Array.from({ length: 450 }, (_, i) => ({ accountId: sfId('001', i + 1), values: { healthScore: i % 100 } }));
    updates.push({ accountId: sfId('001', 9999), values: { healthReasons: 'x'.repeat(300) } });
    const outcomes = await connector.writeAccounts(updates);

    expect(sizes).toEqual([200, 200, 50]);
    expect(recorder.count('PATCH /composite/sobjects', 'ok')).toBe(3);
    expect(outcomes.filter((o) => o.error === null)).toHaveLength(449);
    const refused = outcomes.find((o) => o.accountId === sfId('001', 250))!.error;
    expect(refused).toBeInstanceOf(RecordError);
    expect(refused).toMatchObject({ code: 'SALESFORCE_WRITE_REJECTED', recordId: sfId('001', 250), message: `Salesforce did not update Account ${sfId('001', 250)}: ENTITY_IS_DELETED: entity is deleted` });
    expect(outcomes.at(-1)!.error).toMatchObject({ code: 'BAD_WRITE_VALUE', message: `Account ${sfId('001', 9999)} was not written: healthReasons is 300 characters, more than the 255 Pulse_Health_Reasons__c holds` });
  });

  it('sends again only the records refused with UNABLE_TO_LOCK_ROW, after a backoff', async () => {
    const { connector, waits } = testConnector();
    const sent: string[][] = [];
    nock(INSTANCE)
      .patch(`${V}/composite/sobjects`)
      .times(3)
      .reply(
        fromBody((b: CollectionBody) => {
          sent.push(b.records.map((r) => r.id));
          // Account 2 stays locked once more; then every record goes through.
          const lockedNow = sent.length === 1 ? [sfId('001', 2), sfId('001', 4)] : sent.length === 2 ? [sfId('001', 2)] : [];
          return [200, b.records.map((r) => (lockedNow.includes(r.id) ? failed(r.id, 'UNABLE_TO_LOCK_ROW', 'unable to obtain exclusive access to this record or 1 records: 001xx') : ok(r.id)))];
        }),
      );
    const outcomes = await connector.writeAccounts([1, 2, 3, 4].map((n) => ({ accountId: sfId('001', n), values: { tier: 'growth' } })));

    expect(sent).toEqual([[1, 2, 3, 4].map((n) => sfId('001', n)), [sfId('001', 2), sfId('001', 4)], [sfId('001', 2)]]);
    expect(waits).toEqual([750, 1_500]);
    expect(outcomes.every((o) => o.error === null)).toBe(true);
  });

  it('after a lost answer, reads the values back and sends again only the Accounts not saved', async () => {
    const { connector, recorder } = testConnector();
    const ids = [1, 2, 3].map((n) => sfId('001', n));
    const sent: string[][] = [];
    // PATCH /composite/sobjects (https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_sobjects_collections_update.htm):
    // the org saves the first call, then the connection drops before its answer arrives.
    nock(INSTANCE)
      .patch(`${V}/composite/sobjects`)
      .reply(fromBody((b: CollectionBody) => {
        sent.push(b.records.map((r) => r.id));
        return [503, [{ errorCode: 'SERVER_UNAVAILABLE', message: 'Server temporarily unavailable.' }]];
      }));
    // POST /composite (query subrequests): accounts 1 and 3 hold what was sent (the date-time
    // and multi-select as Salesforce gives them back), account 2 does not.
    let soql = '';
    nock(INSTANCE)
      .post(`${V}/composite`)
      .reply(fromBody((b: { compositeRequest: { url: string; referenceId: string }[] }) => {
        soql = decodeURIComponent(new URL(b.compositeRequest[0]!.url, INSTANCE).searchParams.get('q') ?? '');
        const row = (id: string, tier: string | null) => ({ attributes: { type: 'Account' }, Id: id, Pulse_Tier__c: tier, Pulse_Churn_Signals__c: 'HEALTH_DROP;NO_LOGIN', Pulse_Scored_At__c: '2026-11-20T12:00:00.000+0000' });
        const records = [row(ids[0]!, 'growth'), row(ids[1]!, null), row(ids[2]!, 'growth')];
        return [200, { compositeResponse: [{ body: { totalSize: 3, done: true, records }, httpHeaders: {}, httpStatusCode: 200, referenceId: b.compositeRequest[0]!.referenceId }] }];
      }));
    nock(INSTANCE)
      .patch(`${V}/composite/sobjects`)
      .reply(fromBody((b: CollectionBody) => {
        sent.push(b.records.map((r) => r.id));
        return [200, b.records.map((r) => ok(r.id))];
      }));
    const outcomes = await connector.writeAccounts(ids.map((accountId) => ({ accountId, values: { tier: 'growth', churnSignals: 'NO_LOGIN;HEALTH_DROP', scoredAt: '2026-11-20T12:00:00.000Z' } })));

    expect(sent).toEqual([ids, [ids[1]]]);
    expect(soql).toBe(`SELECT Id, Pulse_Tier__c, Pulse_Churn_Signals__c, Pulse_Scored_At__c FROM Account WHERE Id IN ('${ids.join("','")}')`);
    expect(outcomes.map((o) => o.error)).toEqual([null, null, null]);
    expect(recorder.count('PATCH /composite/sobjects', 'ok')).toBe(1);
  });

  it('gives up on a record still locked after its attempts, and reports it', async () => {
    const { connector } = testConnector();
    nock(INSTANCE)
      .patch(`${V}/composite/sobjects`)
      .times(4)
      .reply(fromBody((b: CollectionBody) => [200, b.records.map((r) => failed(r.id, 'UNABLE_TO_LOCK_ROW', 'unable to obtain exclusive access to this record'))]));
    const [outcome] = await connector.writeAccounts([{ accountId: sfId('001', 1), values: { tier: 'growth' } }]);
    expect(outcome!.error).toMatchObject({ code: 'SALESFORCE_WRITE_REJECTED', message: `Salesforce did not update Account ${sfId('001', 1)}: UNABLE_TO_LOCK_ROW: unable to obtain exclusive access to this record` });
  });

  it('makes no call for an account whose values did not change since the last write', async () => {
    const { connector, recorder } = testConnector();
    const diff = changedValues(values, { ...values, scoredAt: '2026-11-21T12:00:00.000Z' });
    expect(diff).toEqual({});
    expect(await connector.writeAccounts([{ accountId: sfId('001', 501), values: diff }])).toEqual([{ accountId: sfId('001', 501), error: null }]);
    expect(recorder.total).toBe(0);
  });
});
