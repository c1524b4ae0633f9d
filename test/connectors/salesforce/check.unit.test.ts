// `crm-pulse salesforce check` and ensureSchema on an org missing two fields (one on Account, one
// on Activity): the report names them, the permission set, and the exact deploy and assign
// commands; ensureSchema stops the connection with the same report; the command prints it and
// exits 1, and exits 0 once the org is ready.
import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import { CHECK_EXIT, salesforceCheck, salesforceCommand } from '../../../src/cli/salesforce-check.ts';
import { DEFAULTS } from '../../../src/model/policy.ts';
import { ConnectionError } from '../../../src/model/errors.ts';
import { formatSchemaReport } from '../../../src/connectors/salesforce/schema-check.ts';
import { accountDescribe, INSTANCE, queryPage, sfId, taskDescribe, testConnector, useNock, V } from './helpers.ts';

function mockOrg(o: { accountWithout?: string[]; taskWithout?: string[]; permissionSet?: boolean; permissionSetQuery?: boolean } = {}) {
  // GET /sobjects/{Account,Task}/describe (https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_sobject_describe.htm)
  nock(INSTANCE).get(`${V}/sobjects/Account/describe`).reply(200, accountDescribe(o.accountWithout), { 'Sforce-Limit-Info': 'api-usage=1200/100000' });
  nock(INSTANCE).get(`${V}/sobjects/Task/describe`).reply(200, taskDescribe(o.taskWithout));
  if (o.permissionSetQuery === false) return;
  // GET /query (https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_permissionset.htm)
  nock(INSTANCE)
    .get(`${V}/query`)
    .query({ q: "SELECT Id FROM PermissionSet WHERE Name = 'Crm_Pulse'" })
    .reply(200, queryPage('PermissionSet', o.permissionSet === false ? [] : [{ Id: sfId('0PS', 1) }]));
}

const MISSING_TWO = { accountWithout: ['Pulse_Segment__c'], taskWithout: ['Pulse_Task_Key__c'], permissionSet: false };

describe('salesforce check', () => {
  useNock();
  afterEach(() => {
    process.exitCode = undefined;
  });

  it('lists the two missing fields, the permission set, and how to deploy them', async () => {
    const { connector } = testConnector();
    mockOrg(MISSING_TWO);
    const { schema } = await salesforceCheck(connector, { policy: DEFAULTS, mapping: null });

    expect(schema.ok).toBe(false);
    expect(schema.account).toMatchObject({ object: 'Account', missing: ['Pulse_Segment__c'], readOnly: [], wrongType: [], compatible: [] });
    expect(schema.account.expected).toHaveLength(12);
    expect(schema.activity).toMatchObject({ object: 'Activity', expected: ['Pulse_Task_Kind__c', 'Pulse_Task_Key__c'], missing: ['Pulse_Task_Key__c'] });
    expect(schema.permissionSet).toEqual({ name: 'Crm_Pulse', deployed: false, unchecked: null });
    expect(schema.taskDefaults).toEqual({ status: 'Open', priority: 'Medium' });
    expect(schema.fixes).toEqual([
      'Deploy the crm-pulse fields and permission set: cd manifests/salesforce && sf project deploy start --manifest manifest/package.xml --target-org <alias>',
      'Give the crm-pulse user read and edit on them: sf org assign permset --name Crm_Pulse --target-org <alias> (add --on-behalf-of <username> when crm-pulse connects as another user than yours)',
    ]);
  });

  it('makes ensureSchema stop the connection with the same report, querying no setup object', async () => {
    const { connector } = testConnector();
    mockOrg({ ...MISSING_TWO, permissionSetQuery: false });
    const error = await connector.ensureSchema(DEFAULTS).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toMatchObject({ code: 'SALESFORCE_SCHEMA_MISSING', action: 'stop' });
    expect((error as Error).message).toBe(
      [
        'The org is not ready for crm-pulse:',
        '  Account fields: 11 of 12 present; missing: Pulse_Segment__c',
        '  Activity fields: 1 of 2 present; missing: Pulse_Task_Key__c',
        '  permission set: not checked in a run',
        '  New tasks: status "Open", priority "Medium"',
        'To fix:',
        '  1. Deploy the crm-pulse fields and permission set: cd manifests/salesforce && sf project deploy start --manifest manifest/package.xml --target-org <alias>',
        '  2. Give the crm-pulse user read and edit on them: sf org assign permset --name Crm_Pulse --target-org <alias> (add --on-behalf-of <username> when crm-pulse connects as another user than yours)',
      ].join('\n'),
    );
  });

  it('prints the report and exits 1 from the command, 0 once the org is ready', async () => {
    const { connector } = testConnector();
    const env = { SALESFORCE_INSTANCE_URL: INSTANCE, SALESFORCE_ACCESS_TOKEN: '00Dtest!token', CRM_PULSE_MAPPING: 'examples/mapping.salesforce.json' };
    let printed = '';
    const command = () => salesforceCommand({ env, stdout: (t) => void (printed += t), stderr: (t) => void (printed += t), connect: async () => connector });

    mockOrg(MISSING_TWO);
    // The mapping is checked against the Account describe too.
    nock(INSTANCE).get(`${V}/sobjects/Account/describe`).reply(200, accountDescribe(MISSING_TWO.accountWithout));
    await command().parseAsync(['node', 'salesforce', 'check']);
    expect(process.exitCode).toBe(CHECK_EXIT.notReady);
    expect(printed).toContain('  Account fields: 11 of 12 present; missing: Pulse_Segment__c\n');
    expect(printed).toContain("The mapping fits the org's Account fields.\n");
    expect(printed).toContain('API usage: 1,200 of 100,000 calls in the last 24 hours (crm-pulse pauses at 80 %).\n');

    printed = '';
    mockOrg();
    nock(INSTANCE).get(`${V}/sobjects/Account/describe`).reply(200, accountDescribe());
    await command().parseAsync(['node', 'salesforce', 'check']);
    expect(process.exitCode).toBe(CHECK_EXIT.ready);
    expect(printed.split('\n')[0]).toBe('The org is ready for crm-pulse.');
  });

  it('a user without setup access: the permission set "could not check", the org ready, exit 0', async () => {
    const { connector } = testConnector();
    const env = { SALESFORCE_INSTANCE_URL: INSTANCE, SALESFORCE_ACCESS_TOKEN: '00Dtest!token' };
    let printed = '';
    nock(INSTANCE).get(`${V}/sobjects/Account/describe`).reply(200, accountDescribe());
    nock(INSTANCE).get(`${V}/sobjects/Task/describe`).reply(200, taskDescribe());
    // What Salesforce answers a user without View Setup and Configuration.
    nock(INSTANCE)
      .get(`${V}/query`)
      .query(true)
      .reply(400, [{ errorCode: 'INVALID_TYPE', message: "sObject type 'PermissionSet' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names." }]);
    await salesforceCommand({ env, stdout: (t) => void (printed += t), stderr: (t) => void (printed += t), connect: async () => connector }).parseAsync(['node', 'salesforce', 'check']);
    expect(process.exitCode).toBe(CHECK_EXIT.ready);
    const lines = printed.split('\n');
    expect(lines[0]).toBe('The org is ready for crm-pulse.');
    expect(lines).toContain('  permission set: could not check (no setup access)');
    expect(printed).toContain('Runs do not need it: the field checks above come from describe calls made as that user');
    expect(printed).not.toContain('To fix:');
  });

  it('accepts a Long Text Area for the why with a note, and names the fix of a type that cannot hold the values', async () => {
    const { connector } = testConnector();
    const account = accountDescribe();
    const retype = (name: string, as: Record<string, unknown>) => Object.assign(account.fields.find((f) => f.name === name)!, as);
    retype('Pulse_Health_Reasons__c', { type: 'textarea', length: 131_072, extraTypeInfo: 'plaintextarea', filterable: false });
    nock(INSTANCE).get(`${V}/sobjects/Account/describe`).reply(200, account);
    nock(INSTANCE).get(`${V}/sobjects/Task/describe`).reply(200, taskDescribe());
    const ready = await connector.checkSchema(DEFAULTS, { permissionSet: false });
    expect(ready.ok).toBe(true);
    expect(ready.account.compatible).toEqual([{ field: 'Pulse_Health_Reasons__c', found: 'Long Text Area(131072)', note: 'Pulse_Health_Reasons__c is a Long Text Area(131072), crm-pulse ships Text(255): every value it writes fits' }]);
    expect(formatSchemaReport(ready)).toContain('  Account fields: 12 of 12 present; another type that fits: Pulse_Health_Reasons__c (Long Text Area(131072))');

    retype('Pulse_Health_Score__c', { type: 'boolean' });
    nock(INSTANCE).get(`${V}/sobjects/Account/describe`).reply(200, account);
    nock(INSTANCE).get(`${V}/sobjects/Task/describe`).reply(200, taskDescribe());
    const blocked = await connector.checkSchema(DEFAULTS, { permissionSet: false });
    expect(blocked.ok).toBe(false);
    expect(blocked.account.wrongType).toEqual([{ field: 'Pulse_Health_Score__c', expected: 'double', found: 'Checkbox', fix: 'Pulse_Health_Score__c exists as a Checkbox field, which cannot hold what crm-pulse writes (a Number(3, 0)): delete it (Setup > Object Manager > Account > Fields & Relationships) and deploy again' }]);
    expect(blocked.fixes[0]).toBe(blocked.account.wrongType[0]!.fix);
  });

  it('says which variables it needs', async () => {
    let printed = '';
    await salesforceCommand({ env: {}, stderr: (t) => void (printed += t) }).parseAsync(['node', 'salesforce', 'check']);
    expect(process.exitCode).toBe(CHECK_EXIT.failed);
    expect(printed).toBe(
      'crm-pulse salesforce check: set SALESFORCE_INSTANCE_URL and SALESFORCE_ACCESS_TOKEN to the org to check (`sf org display --target-org <alias>` prints both), or SALESFORCE_INSTANCE_URL (the My Domain URL) with SALESFORCE_CLIENT_ID and SALESFORCE_CLIENT_SECRET for the client credentials flow\n',
    );
  });
});
