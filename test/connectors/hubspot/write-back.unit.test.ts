// Write-back: batch updates capped at 100, values formatted as HubSpot expects and named as our
// crm_pulse_* properties, per-record failures (207 answers up to 2026-03, errors[] of a 200 since
// 2026-09, a portal's validation rule among them), a bad value failing its record only, and an
// unchanged account (empty diff) making no call at all.
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import type { AccountUpdate } from '../../../src/connectors/connector.ts';
import { RecordError } from '../../../src/model/errors.ts';
import { changedValues } from '../../../src/writeback/values.ts';
import { type WriteBackValues } from '../../../src/model/write-back.ts';
import { BASE, fromBody, testConnector, useNock } from './helpers.ts';

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
  expansionCandidate: false,
  scoredAt: '2026-11-20T12:00:00.000Z',
};

type UpdateBody = { inputs: { id: string; objectWriteTraceId: string; properties: Record<string, string> }[] };

describe('writeAccounts', () => {
  useNock();

  it('formats and names our values as HubSpot properties', async () => {
    const { connector } = testConnector();
    // POST /crm/objects/2026-09/companies/batch/update (PublicApiSpecs/CRM/Companies/Rollouts/424/2026-09/companies.json,
    // BatchInputSimplePublicObjectBatchInput)
    nock(BASE)
      .post('/crm/objects/2026-09/companies/batch/update', {
        inputs: [
          {
            id: '501',
            objectWriteTraceId: '501',
            properties: {
              crm_pulse_tier: 'growth',
              crm_pulse_health_score: '56',
              crm_pulse_health_band: 'at_risk',
              crm_pulse_health_trend: '-4',
              crm_pulse_health_reasons: values.healthReasons as string,
              crm_pulse_churn_signals: 'NO_LOGIN;HEALTH_DROP',
              crm_pulse_renewal_stage: 'upcoming',
              crm_pulse_lifecycle_stage: 'customer',
              crm_pulse_segment: '',
              crm_pulse_handoff_status: '',
              crm_pulse_expansion_candidate: 'false',
              crm_pulse_scored_at: String(Date.UTC(2026, 10, 20, 12)),
            },
          },
        ],
      })
      .reply(200, { status: 'COMPLETE', results: [{ id: '501', properties: {}, createdAt: 'x', updatedAt: 'y' }], startedAt: 'x', completedAt: 'y' });
    expect(await connector.writeAccounts([{ accountId: '501', values }])).toEqual([{ accountId: '501', error: null }]);
  });

  it('sends at most 100 updates per call', async () => {
    const { connector, recorder } = testConnector();
    const sizes: number[] = [];
    // POST /crm/objects/2026-09/companies/batch/update (PublicApiSpecs/CRM/Companies/Rollouts/424/2026-09/companies.json)
    nock(BASE)
      .post('/crm/objects/2026-09/companies/batch/update')
      .times(3)
      .reply(
        fromBody((b: UpdateBody) => {
          sizes.push(b.inputs.length);
          return [200, { status: 'COMPLETE', results: b.inputs.map((i) => ({ id: i.id, properties: {} })) }];
        }),
      );
    const updates: AccountUpdate[] = Array.from({ length: 250 }, (_, i) => ({ accountId: String(i + 1), values: { healthScore: i % 100 } }));
    const outcomes = await connector.writeAccounts(updates);
    expect(sizes).toEqual([100, 100, 50]);
    expect(outcomes.every((o) => o.error === null)).toBe(true);
    expect(recorder.count('POST /crm/objects/2026-09/companies/batch/update', 'ok')).toBe(3);
  });

  it('reports the records a 207 answer (2026-03) refuses, and a bad value without sending it', async () => {
    const { connector } = testConnector({ apiVersion: '2026-03' });
    // POST /crm/objects/2026-03/companies/batch/update (PublicApiSpecs/CRM/Companies/Rollouts/424/2026-03/companies.json): a 207
    nock(BASE)
      .post('/crm/objects/2026-03/companies/batch/update', (b: UpdateBody) => b.inputs.map((i) => i.id).join() === '1,2')
      .reply(207, {
        status: 'COMPLETE',
        results: [{ id: '1', properties: {} }],
        numErrors: 1,
        errors: [{ status: 'error', category: 'OBJECT_NOT_FOUND', message: 'Object not found.  objectId are usually numeric.', context: { objectWriteTraceId: ['2'] } }],
      });
    const outcomes = await connector.writeAccounts([
      { accountId: '1', values: { tier: 'growth' } },
      { accountId: '2', values: { tier: 'growth' } },
      { accountId: '3', values: { healthScore: Number.NaN } },
    ]);
    expect(outcomes[0]).toEqual({ accountId: '1', error: null });
    expect(outcomes[1]!.error).toBeInstanceOf(RecordError);
    expect(outcomes[1]!.error!.message).toBe('HubSpot did not update company 2: OBJECT_NOT_FOUND: Object not found.  objectId are usually numeric.');
    expect(outcomes[2]!.error).toMatchObject({ code: 'BAD_WRITE_VALUE', recordId: '3', message: 'company 3 was not written: healthScore NaN is not a number' });
  });

  it("fails the record a portal's validation rule refuses with the rule's message, and writes the rest of the batch (2026-09: errors[] in a 200)", async () => {
    const { connector } = testConnector();
    const message = 'Accounts in legal hold keep their tier: ask RevOps before changing it';
    // POST /crm/objects/2026-09/companies/batch/update (PublicApiSpecs/CRM/Companies/Rollouts/424/2026-09/companies.json):
    // the 200 BatchResponseSimplePublicObject carries errors[] and numErrors.
    nock(BASE)
      .post('/crm/objects/2026-09/companies/batch/update', (b: UpdateBody) => b.inputs.map((i) => i.id).join() === '1,2,3')
      .reply(200, {
        status: 'COMPLETE',
        results: [
          { id: '1', properties: { crm_pulse_tier: 'growth' } },
          { id: '3', properties: { crm_pulse_tier: null } },
        ],
        numErrors: 1,
        errors: [{ status: 'error', category: 'VALIDATION_ERROR', message, context: { ids: ['2'], propertyName: ['crm_pulse_tier'], objectWriteTraceId: ['2'] }, errors: [{ message }], links: {} }],
      });
    const outcomes = await connector.writeAccounts(['1', '2', '3'].map((accountId) => ({ accountId, values: { tier: 'growth' } })));
    expect(outcomes.map((o) => [o.accountId, o.error?.message ?? null])).toEqual([
      ['1', null],
      ['2', `HubSpot did not update company 2: VALIDATION_ERROR: ${message}`],
      ['3', null],
    ]);
    expect(outcomes[1]!.error).toMatchObject({ code: 'HUBSPOT_WRITE_REJECTED', recordId: '2' });
  });

  it('makes no call for an account whose values did not change since the last write', async () => {
    const { connector, recorder } = testConnector();
    const last = values;
    const next = { ...values, scoredAt: '2026-11-21T12:00:00.000Z' };
    const diff = changedValues(last, next);
    expect(diff).toEqual({});
    expect(await connector.writeAccounts([{ accountId: '501', values: diff }])).toEqual([{ accountId: '501', error: null }]);
    expect(recorder.total).toBe(0);
  });

  it('sends only the changed values, with scoredAt, when something changed', async () => {
    const { connector } = testConnector();
    const diff = changedValues(values, { ...values, healthScore: 61, healthBand: 'watch', scoredAt: '2026-11-21T12:00:00.000Z' });
    // POST /crm/objects/2026-09/companies/batch/update (PublicApiSpecs/CRM/Companies/Rollouts/424/2026-09/companies.json)
    nock(BASE)
      .post('/crm/objects/2026-09/companies/batch/update', {
        inputs: [{ id: '501', objectWriteTraceId: '501', properties: { crm_pulse_health_score: '61', crm_pulse_health_band: 'watch', crm_pulse_scored_at: String(Date.UTC(2026, 10, 21, 12)) } }],
      })
      .reply(200, { status: 'COMPLETE', results: [{ id: '501', properties: {} }] });
    expect(await connector.writeAccounts([{ accountId: '501', values: diff }])).toEqual([{ accountId: '501', error: null }]);
  });
});
