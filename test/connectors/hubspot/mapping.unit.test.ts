// Field mapping against a real-looking portal: property types normalised to CrmField, a bad
// mapping (unknown property, wrong type) refused before any read with a message naming field,
// property and fix, and a bad value reported for its record and left out, never read as zero.
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { ConnectionError } from '../../../src/model/errors.ts';
import { parseMapping } from '../../../src/connectors/mapping/schema.ts';
import { BASE, COMPANY_PROPERTIES, EXAMPLE_MAPPING, hsObject, MAPPED_PROPERTIES, mockCompanyProperties, testConnector, useNock } from './helpers.ts';

describe('accountFields', () => {
  useNock();

  it('normalises HubSpot property types', async () => {
    const { connector } = testConnector();
    mockCompanyProperties([
      ...COMPANY_PROPERTIES.slice(0, 2),
      { name: 'is_trial', label: 'In trial', type: 'bool', fieldType: 'booleancheckbox', options: [{ label: 'Yes', value: 'true', hidden: false }], groupName: 'g' },
      { name: 'geo', label: 'Geo', type: 'object_coordinates', fieldType: 'text', groupName: 'g' },
    ]);
    expect(await connector.accountFields()).toEqual([
      { name: 'name', label: 'Company name', kind: 'string', crmType: 'string' },
      { name: 'industry', label: 'Industry', kind: 'enumeration', crmType: 'enumeration', options: ['COMPUTER_SOFTWARE'] },
      { name: 'is_trial', label: 'In trial', kind: 'boolean', crmType: 'bool' },
      { name: 'geo', label: 'Geo', kind: 'other', crmType: 'object_coordinates' },
    ]);
  });
});

describe('a bad mapping', () => {
  useNock();

  it('is refused before any read, naming the field, the property and the fix', async () => {
    const { connector, recorder } = testConnector();
    const mapping = parseMapping({
      account: {
        arr: { field: 'annual_contract_valeu', transform: 'number' },
        contractEnd: { field: 'hubspot_owner_id', transform: 'date' },
        featureUsage: { field: 'feature_usage_pct', transform: 'percent' },
      },
    });
    mockCompanyProperties();
    const error = await (async () => {
      for await (const page of connector.readAccounts(mapping, null)) void page;
    })().catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toMatchObject({ code: 'BAD_MAPPING' });
    const message = (error as Error).message;
    expect(message).toContain('account.arr: "annual_contract_valeu" is not a field of HubSpot companies; create it in the CRM or map arr to an existing field');
    expect(message).toContain('account.contractEnd: "hubspot_owner_id" is a enumeration field, which the "date" transform cannot read');
    expect(message).not.toContain('featureUsage');
    // Only the property list was read.
    expect(recorder.total).toBe(1);
  });
});

describe('a bad value', () => {
  useNock();

  it('is reported for its record and left out of the account, not read as zero', async () => {
    const { connector } = testConnector();
    mockCompanyProperties();
    // POST /crm/objects/2026-09/companies/search (PublicApiSpecs/CRM/Companies/Rollouts/424/2026-09/companies.json)
    nock(BASE)
      .post('/crm/objects/2026-09/companies/search', { filterGroups: [], sorts: [{ propertyName: 'hs_object_id', direction: 'ASCENDING' }], properties: MAPPED_PROPERTIES, limit: 200 })
      .reply(200, {
        total: 2,
        results: [
          hsObject('1', { name: 'Acme', annual_contract_value: 'n/a', feature_usage_pct: '140', account_nps: '45', last_login_date: '2026-11-02T08:00:00Z' }),
          hsObject('2', { name: 'Globex', annual_contract_value: '250000', feature_usage_pct: '', account_nps: null }),
        ],
      });
    const pages = [];
    for await (const page of connector.readAccounts(EXAMPLE_MAPPING, null)) pages.push(page);
    const [acme, globex] = pages[0]!.accounts;

    expect(acme!.account).toEqual({ id: '1', name: 'Acme', nps: 45, lastLoginAt: Date.UTC(2026, 10, 2, 8) });
    expect(acme!.account).not.toHaveProperty('arr');
    expect(acme!.problems).toEqual([
      { accountId: '1', field: 'arr', property: 'annual_contract_value', reason: '"n/a" is not a number' },
      { accountId: '1', field: 'featureUsage', property: 'feature_usage_pct', reason: '140 is outside 0..100 %' },
    ]);
    expect(globex!.account).toEqual({ id: '2', name: 'Globex', arr: 250_000 });
    expect(globex!.problems).toEqual([]);
  });
});
