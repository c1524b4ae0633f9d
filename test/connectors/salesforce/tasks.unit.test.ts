// Tasks: dedupe by key before insert (findTasks through the Composite resource, IN lists split
// under SOQL's length limit), creates through sObject Collections with the org's default Status
// and Priority from the Task describe, and the handoff of a won Opportunity: its history read, its
// TaskIntents scored, and the tasks created with their owners, WhatIds and due dates.
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import type { TaskToCreate } from '../../../src/connectors/connector.ts';
import { keyStatements } from '../../../src/connectors/salesforce/read-tasks.ts';
import { SOQL_MAX_CHARS } from '../../../src/connectors/salesforce/soql.ts';
import { DEFAULTS } from '../../../src/model/policy.ts';
import { scoreAccount } from '../../../src/scoring/score.ts';
import { fromBody, INSTANCE, NOW, queryPage, sfId, soqlOf, taskDescribe, testConnector, useNock, V, type CompositeBody } from './helpers.ts';

type CreateBody = { allOrNone: boolean; records: Record<string, unknown>[] };
const ACCOUNT = sfId('001', 501);
const OPPORTUNITY = sfId('006', 77);
const DEAL_OWNER = sfId('005', 88);
const CSM = sfId('005', 31);

const task = (n: number, over: Partial<TaskToCreate> = {}): TaskToCreate => ({
  accountId: sfId('001', n),
  kind: 'rescue',
  key: `rescue:${sfId('001', n)}:2026-11-20`,
  ownerId: CSM,
  subject: 'Advisor call-back: at_risk (health 41)',
  body: 'Health 41 at_risk | ...',
  dueAt: Date.UTC(2026, 10, 24),
  dealId: null,
  plannedAt: NOW,
  ...over,
});

function mockTaskDescribe() {
  // GET /sobjects/Task/describe (https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_sobject_describe.htm)
  nock(INSTANCE).get(`${V}/sobjects/Task/describe`).reply(200, taskDescribe());
}

describe('task dedupe', () => {
  useNock();

  it('finds existing tasks by record and key, so the caller creates only the missing ones', async () => {
    const { connector, recorder } = testConnector();
    const refs = Array.from({ length: 6_000 }, (_, i) => ({ key: `rescue:${sfId('001', i)}:2026-11-20`, accountId: sfId('001', i), kind: 'rescue' as const, dealId: null }));
    const statements: string[] = [];
    // POST /composite (https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_composite_post.htm)
    nock(INSTANCE)
      .post(`${V}/composite`)
      .reply(
        fromBody((b: CompositeBody) => [
          200,
          {
            compositeResponse: b.compositeRequest.map((r) => {
              const soql = soqlOf(r.url);
              statements.push(soql);
              // Key 3's task was created by an earlier run that stopped before recording its id.
              const hit = soql.includes(`'rescue:${sfId('001', 3)}:2026-11-20'`);
              const records = hit ? [{ Id: sfId('00T', 7003), Pulse_Task_Key__c: `rescue:${sfId('001', 3)}:2026-11-20`, IsClosed: false, CreatedDate: '2026-11-20T06:00:00.000+0000' }] : [];
              return { body: queryPage('Task', records), httpHeaders: {}, httpStatusCode: 200, referenceId: r.referenceId };
            }),
          },
          { 'Sforce-Limit-Info': 'api-usage=500/100000' },
        ]),
      );
    const found = await connector.findTasks(refs);

    expect(found).toEqual([{ key: `rescue:${sfId('001', 3)}:2026-11-20`, crmId: sfId('00T', 7003), status: 'open', createdAt: Date.UTC(2026, 10, 20, 6) }]);
    // 6,000 accounts and keys are more than one statement holds: split under the limit, all in one
    // call, each filtering on the indexed WhatId first and then on the keys of those records.
    expect(statements.length).toBe(4);
    expect(statements.every((s) => s.length <= SOQL_MAX_CHARS && /^SELECT Id, Pulse_Task_Key__c, IsClosed, CreatedDate FROM Task WHERE WhatId IN \('001[^)]*\) AND Pulse_Task_Key__c IN \('rescue:[^)]*\)$/.test(s))).toBe(true);
    const lookedUp = statements.flatMap((s) => [...s.matchAll(/'(rescue:[^']+)'/g)].map((m) => m[1]));
    expect(lookedUp.sort()).toEqual(refs.map((r) => r.key).sort());
    for (const s of statements) {
      // No key is looked up on another record than its own.
      const [records, keys] = [...s.matchAll(/IN \(([^)]*)\)/g)].map((m) => m[1]!.split(',').map((v) => v.slice(1, -1)));
      expect(keys!.map((k) => k.split(':')[1]).sort()).toEqual([...records!].sort());
    }
    expect(recorder.count('POST /composite', 'ok')).toBe(1);

    // The caller creates only the keys without a task.
    const existing = new Set(found.map((t) => t.key));
    mockTaskDescribe();
    // POST /composite/sobjects (https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_sobjects_collections_create.htm)
    nock(INSTANCE)
      .post(`${V}/composite/sobjects`, (b: CreateBody) => b.allOrNone === false && b.records.map((r) => r.Pulse_Task_Key__c).join() === [2, 4].map((n) => `rescue:${sfId('001', n)}:2026-11-20`).join())
      .reply(200, [
        { id: sfId('00T', 1), success: true, errors: [] },
        { success: false, errors: [{ statusCode: 'INACTIVE_OWNER_OR_USER', message: 'operation performed with inactive user', fields: [] }] },
      ]);
    const outcomes = await connector.createTasks([2, 3, 4].map((n) => task(n)).filter((t) => !existing.has(t.key)));
    expect(outcomes[0]).toEqual({ key: `rescue:${sfId('001', 2)}:2026-11-20`, crmId: sfId('00T', 1), error: null });
    expect(outcomes[1]).toMatchObject({ key: `rescue:${sfId('001', 4)}:2026-11-20`, crmId: null, error: { code: 'SALESFORCE_TASK_REJECTED', action: 'skip' } });
    expect(outcomes[1]!.error!.message).toBe(`Salesforce did not create task rescue:${sfId('001', 4)}:2026-11-20: INACTIVE_OWNER_OR_USER: operation performed with inactive user`);
  });

  it('does not repeat a create whose outcome is unknown: the caller reconciles it by key', async () => {
    const { connector, recorder } = testConnector();
    mockTaskDescribe();
    nock(INSTANCE).post(`${V}/composite/sobjects`).reply(503, [{ errorCode: 'SERVER_UNAVAILABLE', message: 'try later' }]);
    const [outcome] = await connector.createTasks([task(1)]);
    expect(outcome).toMatchObject({ crmId: null, error: { code: 'SALESFORCE_TASK_UNCONFIRMED', action: 'retry' } });
    expect(recorder.count('POST /composite/sobjects')).toBe(1);
  });

  it('reads task status by CRM id: IsClosed is completed, whatever the status is called', async () => {
    const { connector } = testConnector();
    nock(INSTANCE)
      .post(`${V}/composite`)
      .reply(
        fromBody((b: CompositeBody) => {
          expect(soqlOf(b.compositeRequest[0]!.url)).toBe(`SELECT Id, Pulse_Task_Key__c, IsClosed, CreatedDate FROM Task WHERE Id IN ('${sfId('00T', 1)}','${sfId('00T', 2)}')`);
          const records = [
            { Id: sfId('00T', 1), Pulse_Task_Key__c: `handoff:${OPPORTUNITY}`, IsClosed: true, CreatedDate: '2026-11-18T09:00:00.000+0000' },
            { Id: sfId('00T', 2), Pulse_Task_Key__c: `validation:${OPPORTUNITY}`, IsClosed: false, CreatedDate: '2026-11-18T09:00:00.000+0000' },
          ];
          return [200, { compositeResponse: [{ body: queryPage('Task', records), httpHeaders: {}, httpStatusCode: 200, referenceId: 'q0' }] }];
        }),
      );
    expect((await connector.taskStatus([sfId('00T', 1), sfId('00T', 2)])).map((t) => [t.key, t.status])).toEqual([
      [`handoff:${OPPORTUNITY}`, 'completed'],
      [`validation:${OPPORTUNITY}`, 'open'],
    ]);
  });
});

describe('task look-up statements', () => {
  it('look a handoff up on its Opportunity and every other task on its Account, grouped by record', () => {
    const statements = keyStatements([
      { key: `handoff:${OPPORTUNITY}`, accountId: ACCOUNT, kind: 'handoff', dealId: OPPORTUNITY },
      { key: `validation:${OPPORTUNITY}`, accountId: ACCOUNT, kind: 'validation', dealId: OPPORTUNITY },
      { key: `renewal:${ACCOUNT}:2027-01-01`, accountId: ACCOUNT, kind: 'renewal', dealId: null },
    ]);
    expect(statements).toEqual([
      `SELECT Id, Pulse_Task_Key__c, IsClosed, CreatedDate FROM Task WHERE WhatId IN ('${OPPORTUNITY}','${ACCOUNT}') AND Pulse_Task_Key__c IN ('handoff:${OPPORTUNITY}','validation:${OPPORTUNITY}','renewal:${ACCOUNT}:2027-01-01')`,
    ]);
  });

  it('split before a statement passes the limit, never a record from its keys', () => {
    const refs = Array.from({ length: 30 }, (_, i) => ({ key: `rescue:${sfId('001', i)}:2026-11-20`, accountId: sfId('001', i), kind: 'rescue' as const, dealId: null }));
    const statements = keyStatements(refs, 1_000);
    expect(statements.length).toBeGreaterThan(2);
    expect(statements.every((s) => s.length <= 1_000)).toBe(true);
    expect(statements.join().match(/'rescue:/g)).toHaveLength(30);
  });
});

describe('handoff from a won Opportunity', () => {
  useNock();

  it('reads the win, plans the checklist and the validation, and creates them owned, due and tied to their records', async () => {
    const { connector } = testConnector();
    const subrequests: string[] = [];
    // POST /composite: the four history statements of the account in one call
    nock(INSTANCE)
      .post(`${V}/composite`)
      .reply(
        fromBody((b: CompositeBody) => [
          200,
          {
            compositeResponse: b.compositeRequest.map((r) => {
              const soql = soqlOf(r.url);
              subrequests.push(soql.slice(0, soql.indexOf(' WHERE')));
              const object = /FROM (\w+)/.exec(soql)![1]!;
              const records =
                object === 'Opportunity'
                  ? [
                      { Id: OPPORTUNITY, AccountId: ACCOUNT, Name: 'Acme expansion', OwnerId: DEAL_OWNER, Amount: 120000, CloseDate: '2026-11-18', IsWon: true, IsClosed: true },
                      { Id: sfId('006', 78), AccountId: ACCOUNT, Name: 'Acme pilot', OwnerId: DEAL_OWNER, Amount: 5000, CloseDate: '2025-01-10', IsWon: false, IsClosed: true },
                    ]
                  : object === 'Task'
                    ? [{ Id: sfId('00T', 5), AccountId: ACCOUNT, OwnerId: CSM, TaskSubtype: 'Call', Type: null, CallDurationInSeconds: 1800, ActivityDate: '2026-11-10', CompletedDateTime: '2026-11-10T15:00:00.000+0000', CreatedDate: '2026-11-10T15:30:00.000+0000' }]
                    : [];
              return { body: queryPage(object, records), httpHeaders: {}, httpStatusCode: 200, referenceId: r.referenceId };
            }),
          },
        ]),
      );
    const history = (await connector.readHistory([ACCOUNT], NOW, DEFAULTS)).get(ACCOUNT)!;
    expect(subrequests).toEqual([
      'SELECT Id, AccountId, OwnerId, TaskSubtype, Type, CallDurationInSeconds, ActivityDate, CompletedDateTime, CreatedDate FROM Task',
      'SELECT Id, AccountId, OwnerId, StartDateTime, EndDateTime, DurationInMinutes, IsAllDayEvent FROM Event',
      'SELECT Id, AccountId, OwnerId, CreatedDate, IsClosed, ClosedDate, Priority FROM Case',
      'SELECT Id, AccountId, Name, OwnerId, Amount, CloseDate, IsWon, IsClosed FROM Opportunity',
    ]);
    expect(history.activities).toEqual([{ id: sfId('00T', 5), ownerId: CSM, type: 'call', at: Date.UTC(2026, 10, 10, 15), durationMinutes: 30 }]);
    expect(history.deals[0]).toEqual({ id: OPPORTUNITY, name: 'Acme expansion', ownerId: DEAL_OWNER, amount: 120_000, won: true, closedAt: Date.UTC(2026, 10, 18) });

    const result = scoreAccount({ id: ACCOUNT, name: 'Acme', ownerId: sfId('005', 10), csmOwnerId: CSM, ...history, snapshots: [], tasks: [] }, DEFAULTS, NOW);
    const intents = result.tasks.map((t) => ({ ...t, accountId: ACCOUNT }));
    expect(intents.map((t) => t.kind)).toEqual(['handoff', 'validation']);

    mockTaskDescribe();
    let created: Record<string, unknown>[] = [];
    nock(INSTANCE)
      .post(`${V}/composite/sobjects`)
      .reply(
        fromBody((b: CreateBody) => {
          created = b.records;
          return [200, b.records.map((_, i) => ({ id: sfId('00T', 900 + i), success: true, errors: [] }))];
        }),
      );
    const outcomes = await connector.createTasks(intents);

    expect(outcomes.map((o) => [o.key, o.crmId, o.error])).toEqual([
      [`handoff:${OPPORTUNITY}`, sfId('00T', 900), null],
      [`validation:${OPPORTUNITY}`, sfId('00T', 901), null],
    ]);
    const [handoff, validation] = created;
    // The checklist: the deal owner's, on the Opportunity, due 72 hours after the close date.
    expect(handoff).toMatchObject({
      attributes: { type: 'Task' },
      OwnerId: DEAL_OWNER,
      WhatId: OPPORTUNITY,
      ActivityDate: '2026-11-21',
      Status: 'Open',
      Priority: 'Medium',
      Pulse_Task_Kind__c: 'handoff',
      Pulse_Task_Key__c: `handoff:${OPPORTUNITY}`,
      Subject: `${DEFAULTS.handoff.subject}: Acme expansion`,
    });
    expect(handoff!.Description).toContain('1. Decision chain');
    // The validation: the CSM's, on the Account, due 30 days after the close date.
    expect(validation).toMatchObject({ OwnerId: CSM, WhatId: ACCOUNT, ActivityDate: '2026-12-18', Pulse_Task_Kind__c: 'validation', Pulse_Task_Key__c: `validation:${OPPORTUNITY}` });
  });
});
