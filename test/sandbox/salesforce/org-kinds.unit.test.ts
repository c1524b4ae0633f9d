// The kinds of org the sandbox plays for the least-privilege and selectivity cases, answered as
// Salesforce answers them: setup objects hidden from the connecting user (INVALID_TYPE on a query,
// NOT_FOUND on a describe), a Pulse field an admin made as a Long Text Area (described as one, not
// filterable, holding the why), and a large org refusing a Task query that no index serves.
import { describe, expect, it } from 'vitest';
import { createOrg, type OrgOptions } from '../../../src/sandbox/salesforce/org.ts';
import { V } from '../../../src/sandbox/salesforce/query.ts';
import { LONG_TEXT_AREA } from '../../../src/sandbox/salesforce/schema.ts';

const AS_OF = Date.parse('2026-11-23T12:00:00.000Z');
const org = (o: Partial<OrgOptions> = {}) => createOrg({ accounts: 5, asOf: AS_OF, logRequests: false, ...o });
const get = (o: ReturnType<typeof org>, path: string) => o.handle('GET', new URL(`http://127.0.0.1${V}${path}`), {}, undefined);
const query = (o: ReturnType<typeof org>, soql: string) => get(o, `/query?q=${encodeURIComponent(soql)}`);
type Field = { name: string; type: string; length: number; filterable: boolean; extraTypeInfo?: string; precision?: number; scale?: number };

describe('setup objects', () => {
  it('a user who may read setup finds Crm_Pulse among the permission sets', () => {
    const [status, body] = query(org(), "SELECT Id FROM PermissionSet WHERE Name = 'Crm_Pulse'");
    expect(status).toBe(200);
    expect((body as { totalSize: number }).totalSize).toBe(1);
  });

  it.each(['PermissionSet', 'PermissionSetAssignment', 'Profile', 'FieldPermissions'])('hidden: a query on %s answers INVALID_TYPE (400), its describe NOT_FOUND', (object) => {
    const hidden = org({ hideSetup: true });
    const [status, body] = query(hidden, `SELECT Id FROM ${object}`);
    expect(status).toBe(400);
    expect(body).toEqual([{ errorCode: 'INVALID_TYPE', message: `sObject type '${object}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.` }]);
    expect(get(hidden, `/sobjects/${object}/describe`)[0]).toBe(404);
    // The objects crm-pulse works on stay readable.
    expect(query(hidden, 'SELECT Id FROM Account')[0]).toBe(200);
  });
});

describe('a Pulse field made by hand as a Long Text Area', () => {
  const longWhy = () => org({ fieldTypes: { 'Account.Pulse_Health_Reasons__c': LONG_TEXT_AREA } });

  it('is described as Setup makes one: textarea, 131,072 characters, plaintextarea, not filterable', () => {
    const fields = (get(longWhy(), '/sobjects/Account/describe')[1] as { fields: Field[] }).fields;
    expect(fields.find((f) => f.name === 'Pulse_Health_Reasons__c')).toMatchObject({ type: 'textarea', length: 131_072, extraTypeInfo: 'plaintextarea', filterable: false });
    expect(fields.find((f) => f.name === 'Pulse_Health_Score__c')).toMatchObject({ type: 'double', precision: 3, scale: 0, filterable: true });
    const shipped = (get(org(), '/sobjects/Account/describe')[1] as { fields: Field[] }).fields;
    expect(shipped.find((f) => f.name === 'Pulse_Health_Reasons__c')).toMatchObject({ type: 'string', length: 255, filterable: true });
  });

  it('holds text longer than a Text(255), and refuses to be filtered or sorted on', () => {
    const o = longWhy();
    const id = String(o.tables.get('Account')![0]!.Id);
    const why = 'x'.repeat(1_000);
    const [status, body] = o.handle('PATCH', new URL(`http://127.0.0.1${V}/composite/sobjects`), {}, { allOrNone: false, records: [{ attributes: { type: 'Account' }, id, Pulse_Health_Reasons__c: why }] });
    expect([status, body]).toEqual([200, [{ id, success: true, errors: [] }]]);
    expect(o.tables.get('Account')![0]!.Pulse_Health_Reasons__c).toBe(why);
    expect(query(o, "SELECT Id FROM Account WHERE Pulse_Health_Reasons__c = 'x'").slice(0, 2)).toEqual([400, [{ errorCode: 'INVALID_FIELD', message: "field 'Pulse_Health_Reasons__c' can not be filtered in query call" }]]);
    expect(query(o, 'SELECT Id FROM Account ORDER BY Pulse_Health_Reasons__c').slice(0, 2)).toEqual([400, [{ errorCode: 'INVALID_FIELD', message: "field 'Pulse_Health_Reasons__c' can not be sorted in a query call" }]]);
  });
});

describe('a large org', () => {
  const account = "'001000000000000001'";
  it.each([
    ['the key alone (no index on an activity custom field)', `SELECT Id FROM Task WHERE Pulse_Task_Key__c IN ('rescue:x')`, 400],
    ['the key OR a record (the OR defeats the index)', `SELECT Id FROM Task WHERE Pulse_Task_Key__c IN ('rescue:x') OR WhatId IN (${account})`, 400],
    ['no filter at all', 'SELECT Id FROM Event', 400],
    ['WhatId first, then the key', `SELECT Id FROM Task WHERE WhatId IN (${account}) AND Pulse_Task_Key__c IN ('rescue:x')`, 200],
    ['by Id', "SELECT Id FROM Task WHERE Id IN ('00T000000000000001')", 200],
    ['a SystemModstamp range', 'SELECT Id FROM Task WHERE SystemModstamp > 2026-11-01T00:00:00Z', 200],
    ['an Account (not a large object here)', 'SELECT Id FROM Account', 200],
  ])('%s: %s answers %i', (_name, soql, status) => {
    const [got, body] = query(org({ largeOrg: true }), soql);
    expect(got).toBe(status);
    if (status === 400) expect(body).toEqual([{ errorCode: 'QUERY_TIMEOUT', message: 'Your query request was running for too long.' }]);
    // A small org answers every one of them.
    expect(query(org(), soql)[0]).toBe(200);
  });
});
