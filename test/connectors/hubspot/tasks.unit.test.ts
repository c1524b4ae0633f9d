// Tasks: batch create (100 a call) with the company association (type 192), owner, due date,
// kind and dedupe key; per-task failures of a 207; findTasks by key among the company's tasks
// (association and batch reads) for the caller's dedupe; taskStatus by CRM id.
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import type { TaskToCreate } from '../../../src/connectors/connector.ts';
import { BASE, fromBody, hsObject, NOW, testConnector, useNock } from './helpers.ts';

const task = (n: number, over: Partial<TaskToCreate> = {}): TaskToCreate => ({
  accountId: String(500 + n),
  kind: 'rescue',
  key: `rescue:${500 + n}:2026-11-20`,
  ownerId: '77',
  subject: 'Advisor call-back: at_risk (health 41)',
  body: 'Health 41 at_risk | ...',
  dueAt: NOW + 2 * 86_400_000,
  dealId: null,
  plannedAt: NOW,
  ...over,
});

type CreateBody = { inputs: { objectWriteTraceId: string; properties: Record<string, string>; associations: unknown[] }[] };

describe('createTasks', () => {
  useNock();

  it('creates owned, due tasks associated to their company, 100 per call', async () => {
    const { connector } = testConnector();
    const sizes: number[] = [];
    let n = 9000;
    // POST /crm/objects/2026-09/tasks/batch/create (PublicApiSpecs/CRM/Tasks/Rollouts/424/2026-09/tasks.json,
    // BatchInputSimplePublicObjectBatchInputForCreate)
    nock(BASE)
      .post('/crm/objects/2026-09/tasks/batch/create')
      .times(2)
      .reply(
        fromBody((b: CreateBody) => {
          sizes.push(b.inputs.length);
          return [201, { status: 'COMPLETE', results: b.inputs.map((i) => ({ id: String(n++), properties: { ...i.properties } })) }];
        }),
      );
    const tasks = Array.from({ length: 130 }, (_, i) => task(i));
    const outcomes = await connector.createTasks(tasks);
    expect(sizes).toEqual([100, 30]);
    expect(outcomes[0]).toEqual({ key: 'rescue:500:2026-11-20', crmId: '9000', error: null });
    expect(outcomes.every((o) => o.crmId && !o.error)).toBe(true);
  });

  it('sends the properties and the HUBSPOT_DEFINED task-to-company association', async () => {
    const { connector } = testConnector();
    // POST /crm/objects/2026-09/tasks/batch/create (PublicApiSpecs/CRM/Tasks/Rollouts/424/2026-09/tasks.json)
    nock(BASE)
      .post('/crm/objects/2026-09/tasks/batch/create', {
        inputs: [
          {
            objectWriteTraceId: 'handoff:d1',
            properties: {
              hs_task_subject: 'Sales-to-CSM handoff checklist',
              hs_task_body: '1. Decision chain',
              hs_task_status: 'NOT_STARTED',
              hs_timestamp: String(NOW + 72 * 3_600_000),
              crm_pulse_task_kind: 'handoff',
              crm_pulse_task_key: 'handoff:d1',
              hubspot_owner_id: '88',
            },
            associations: [{ to: { id: '501' }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 192 }] }],
          },
          {
            objectWriteTraceId: 'renewal:502:2027-01-31',
            properties: {
              hs_task_subject: 'Renewal re-survey',
              hs_task_body: 'b',
              hs_task_status: 'NOT_STARTED',
              hs_timestamp: String(NOW),
              crm_pulse_task_kind: 'renewal',
              crm_pulse_task_key: 'renewal:502:2027-01-31',
            },
            associations: [{ to: { id: '502' }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 192 }] }],
          },
        ],
      })
      .reply(207, {
        status: 'COMPLETE',
        results: [{ id: '9001', properties: { crm_pulse_task_key: 'handoff:d1' } }],
        numErrors: 1,
        errors: [{ status: 'error', category: 'VALIDATION_ERROR', message: 'Property values were not valid', context: { objectWriteTraceId: ['renewal:502:2027-01-31'] } }],
      });
    const outcomes = await connector.createTasks([
      task(1, { accountId: '501', kind: 'handoff', key: 'handoff:d1', ownerId: '88', subject: 'Sales-to-CSM handoff checklist', body: '1. Decision chain', dueAt: NOW + 72 * 3_600_000, dealId: 'd1' }),
      task(2, { accountId: '502', kind: 'renewal', key: 'renewal:502:2027-01-31', ownerId: null, subject: 'Renewal re-survey', body: 'b', dueAt: NOW }),
    ]);
    expect(outcomes[0]).toEqual({ key: 'handoff:d1', crmId: '9001', error: null });
    expect(outcomes[1]).toMatchObject({ key: 'renewal:502:2027-01-31', crmId: null, error: { code: 'HUBSPOT_TASK_REJECTED', recordId: '502' } });
    expect(outcomes[1]!.error!.message).toBe('HubSpot did not create task renewal:502:2027-01-31: VALIDATION_ERROR: Property values were not valid');
  });
});

describe('createTasks with results HubSpot does not tie to a key', () => {
  useNock();

  it('reports those tasks as unconfirmed, for the caller to reconcile by key, not as refused', async () => {
    const { connector } = testConnector();
    // POST /crm/objects/2026-09/tasks/batch/create (PublicApiSpecs/CRM/Tasks/Rollouts/424/2026-09/tasks.json)
    nock(BASE)
      .post('/crm/objects/2026-09/tasks/batch/create')
      .reply(201, { status: 'COMPLETE', results: [{ id: '9100', properties: { hs_task_subject: 's' } }] });
    const [outcome] = await connector.createTasks([task(1)]);
    expect(outcome).toMatchObject({ key: 'rescue:501:2026-11-20', crmId: null, error: { code: 'HUBSPOT_TASK_UNCONFIRMED', action: 'retry' } });
  });
});

describe('task dedupe', () => {
  useNock();

  it('finds existing tasks by key among the tasks of their companies (batch reads, not search, which lags a create)', async () => {
    const { connector } = testConnector();
    const keys = Array.from({ length: 150 }, (_, i) => ({ key: `rescue:${i}:2026-11-20`, accountId: String(i % 2), kind: 'rescue' as const, dealId: null }));
    // POST /crm/associations/2026-09/companies/tasks/batch/read (PublicApiSpecs/CRM/Associations/Rollouts/130902/2026-09/associations.json)
    nock(BASE)
      .post('/crm/associations/2026-09/companies/tasks/batch/read', (b: { inputs: { id: string }[] }) => b.inputs.map((i) => i.id).sort().join() === '0,1')
      .reply(200, { status: 'COMPLETE', results: [{ from: { id: '1' }, to: [{ toObjectId: 7003, associationTypes: [] }, { toObjectId: 7004, associationTypes: [] }] }] });
    // POST /crm/objects/2026-09/tasks/batch/read (PublicApiSpecs/CRM/Tasks/Rollouts/424/2026-09/tasks.json)
    nock(BASE)
      .post('/crm/objects/2026-09/tasks/batch/read', (b: { inputs: { id: string }[]; properties: string[] }) => b.inputs.map((i) => i.id).join() === '7003,7004' && b.properties.includes('crm_pulse_task_key'))
      .reply(200, {
        status: 'COMPLETE',
        results: [
          // Key 3 was created by an earlier run that crashed before recording the CRM id; 7004 is someone else's task.
          hsObject('7003', { crm_pulse_task_key: 'rescue:3:2026-11-20', hs_task_status: 'NOT_STARTED', hs_createdate: '2026-11-20T06:00:00.000Z' }),
          hsObject('7004', { hs_task_status: 'NOT_STARTED' }),
        ],
      });
    const found = await connector.findTasks(keys);
    expect(found).toEqual([{ key: 'rescue:3:2026-11-20', crmId: '7003', status: 'open', createdAt: Date.UTC(2026, 10, 20, 6) }]);

    // The caller reconciles: only keys without a task are created.
    const existing = new Set(found.map((t) => t.key));
    // POST /crm/objects/2026-09/tasks/batch/create (PublicApiSpecs/CRM/Tasks/Rollouts/424/2026-09/tasks.json)
    nock(BASE)
      .post('/crm/objects/2026-09/tasks/batch/create', (b: CreateBody) => b.inputs.length === 2 && !b.inputs.some((i) => i.objectWriteTraceId === 'rescue:3:2026-11-20'))
      .reply(201, { status: 'COMPLETE', results: [{ id: '1', properties: { crm_pulse_task_key: 'rescue:2:2026-11-20' } }, { id: '2', properties: { crm_pulse_task_key: 'rescue:4:2026-11-20' } }] });
    const wanted = [2, 3, 4].map((i) => task(0, { key: `rescue:${i}:2026-11-20` }));
    const outcomes = await connector.createTasks(wanted.filter((t) => !existing.has(t.key)));
    expect(outcomes.map((o) => o.crmId)).toEqual(['1', '2']);
  });

  it('reads task status by CRM id: COMPLETED is completed, anything else open', async () => {
    const { connector } = testConnector();
    // POST /crm/objects/2026-09/tasks/batch/read (PublicApiSpecs/CRM/Tasks/Rollouts/424/2026-09/tasks.json, BatchReadInputSimplePublicObjectId)
    nock(BASE)
      .post('/crm/objects/2026-09/tasks/batch/read', { properties: ['crm_pulse_task_key', 'hs_task_status', 'hs_createdate'], propertiesWithHistory: [], inputs: [{ id: '9001' }, { id: '9002' }] })
      .reply(200, {
        status: 'COMPLETE',
        results: [
          hsObject('9001', { crm_pulse_task_key: 'handoff:d1', hs_task_status: 'COMPLETED', hs_createdate: '2026-11-01T00:00:00Z' }),
          hsObject('9002', { crm_pulse_task_key: 'validation:d1', hs_task_status: 'IN_PROGRESS', hs_createdate: '2026-11-01T00:00:00Z' }),
        ],
      });
    expect(await connector.taskStatus(['9001', '9002'])).toEqual([
      { key: 'handoff:d1', crmId: '9001', status: 'completed', createdAt: Date.UTC(2026, 10, 1) },
      { key: 'validation:d1', crmId: '9002', status: 'open', createdAt: Date.UTC(2026, 10, 1) },
    ]);
  });
});
