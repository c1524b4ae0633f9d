// Field mapping against the org's Account describe: Salesforce field types normalised to
// CrmField kinds, and a bad mapping (unknown field, wrong type, unknown picklist value) refused
// before any read with a message naming field, Salesforce field and fix.
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { ConnectionError } from '../../../src/model/errors.ts';
import { parseMapping } from '../../../src/connectors/mapping/schema.ts';
import { accountDescribe, INSTANCE, testConnector, useNock, V } from './helpers.ts';

function mockDescribe(fields?: unknown[]) {
  // GET /sobjects/Account/describe (https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_sobject_describe.htm)
  nock(INSTANCE).get(`${V}/sobjects/Account/describe`).reply(200, fields ? { name: 'Account', fields } : accountDescribe());
}

describe('accountFields', () => {
  useNock();

  it('normalises Salesforce field types', async () => {
    const { connector } = testConnector();
    mockDescribe([
      { name: 'ARR__c', label: 'ARR', type: 'currency' },
      { name: 'Health__c', label: 'Health', type: 'picklist', picklistValues: [{ value: 'Green', active: true }, { value: 'Old', active: false }] },
      { name: 'CSM__c', label: 'CSM', type: 'reference' },
      { name: 'Last_Login__c', label: 'Last login', type: 'datetime' },
      { name: 'BillingAddress', label: 'Billing Address', type: 'address' },
    ]);
    expect(await connector.accountFields()).toEqual([
      { name: 'ARR__c', label: 'ARR', kind: 'number', crmType: 'currency' },
      { name: 'Health__c', label: 'Health', kind: 'enumeration', crmType: 'picklist', options: ['Green'] },
      { name: 'CSM__c', label: 'CSM', kind: 'reference', crmType: 'reference' },
      { name: 'Last_Login__c', label: 'Last login', kind: 'datetime', crmType: 'datetime' },
      { name: 'BillingAddress', label: 'Billing Address', kind: 'other', crmType: 'address' },
    ]);
  });
});

describe('a bad mapping', () => {
  useNock();

  it('is refused before any read, naming the field, the Salesforce field and the fix', async () => {
    const { connector, recorder } = testConnector();
    const mapping = parseMapping({
      account: {
        arr: { field: 'ARR_c', transform: 'number' },
        contractEnd: { field: 'CSM__c', transform: 'date' },
        industryGrowth: { field: 'Industry', transform: 'picklist', values: { Technology: 18, Software: 25 } },
        featureUsage: { field: 'Feature_Usage__c', transform: 'percent' },
      },
    });
    mockDescribe();
    const error = await (async () => {
      for await (const page of connector.readAccounts(mapping, null)) void page;
    })().catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toMatchObject({ code: 'BAD_MAPPING' });
    expect((error as Error).message).toBe(
      [
        'the field mapping does not fit Salesforce Account:',
        '  account.arr: "ARR_c" is not a field of Salesforce Account; create it in the CRM or map arr to an existing field (did you mean "ARR__c"?)',
        '  account.contractEnd: "CSM__c" is a reference field, which the "date" transform cannot read; map a date / datetime / string field or use "string"',
        '  account.industryGrowth: "Software" is not an option of "Industry" (options: Technology, Retail)',
      ].join('\n'),
    );
    // Only the describe was read.
    expect(recorder.total).toBe(1);
  });
});
