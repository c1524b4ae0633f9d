// Numbers a CRM sends that no double holds, or that are too large to be real: each is a BAD_VALUE
// problem naming the field and the value, never a silent drop (issue 11).
import { describe, expect, it } from 'vitest';
import { mapAccount, type EffectiveMapping } from '../../../src/connectors/mapping/apply.ts';

const mapping: EffectiveMapping = {
  arr: { field: 'ARR__c', transform: 'number' },
  featureUsage: { field: 'Usage__c', transform: 'percent' },
  employees: { field: 'NumberOfEmployees', transform: 'number' },
  contractEnd: { field: 'Renewal__c', transform: 'date' },
};

function problems(raw: Record<string, unknown>) {
  return mapAccount('a1', raw, mapping).problems.map((p) => [p.field, p.property, p.reason]);
}

describe('a number too large for the mapping', () => {
  it('reports "1e400" as text (HubSpot, Bulk API CSV), naming the field and the value', () => {
    expect(problems({ ARR__c: '1e400', Usage__c: '1e400' })).toEqual([
      ['arr', 'ARR__c', '"1e400" is too large a number'],
      ['featureUsage', 'Usage__c', '"1e400" is too large a number'],
    ]);
  });

  it('reports 1e400 in Salesforce JSON, which parses to Infinity', () => {
    const raw = JSON.parse('{ "ARR__c": 1e400, "NumberOfEmployees": -1e400 }') as Record<string, unknown>;
    expect(problems(raw)).toEqual([
      ['arr', 'ARR__c', 'Infinity is too large a number'],
      ['employees', 'NumberOfEmployees', '-Infinity is too large a number'],
    ]);
  });

  it('reports NaN as not a number', () => {
    expect(problems({ ARR__c: Number.NaN })).toEqual([['arr', 'ARR__c', 'NaN is not a number']]);
  });

  it('reports a finite number beyond the canonical field range with that range', () => {
    expect(problems({ ARR__c: 1e300, NumberOfEmployees: '2e9' })).toEqual([
      ['arr', 'ARR__c', '1e+300: must be a number from 0 to 1,000,000,000,000,000'],
      ['employees', 'NumberOfEmployees', '2000000000: must be a number from 0 to 10,000,000 employees'],
    ]);
  });

  it('reports an epoch date beyond what a date can hold', () => {
    expect(problems({ Renewal__c: '100000000000000000000' })).toEqual([['contractEnd', 'Renewal__c', '"100000000000000000000" is not a date']]);
  });

  it('keeps the values in range and scores without the bad ones', () => {
    const { account } = mapAccount('a1', { ARR__c: '1e400', NumberOfEmployees: '120' }, mapping);
    expect(account).toEqual({ id: 'a1', employees: 120 });
  });
});

describe('an object where a single value belongs', () => {
  // A compound field (a Salesforce address) mapped by mistake, or an object whose toString is no function:
  // String() of it threw out of the mapping (the property test's counterexample, CI).
  it('is a problem naming the value for every transform, never a throw', () => {
    const all: EffectiveMapping = {
      industryGrowth: { field: 'Growth__c', transform: 'picklist', values: { high: 1 } },
      inTrial: { field: 'Trial__c', transform: 'boolean' },
      name: { field: 'Name', transform: 'string' },
      arr: { field: 'ARR__c', transform: 'number' },
    };
    const raw = { Growth__c: { toString: 0 }, Trial__c: { toString: 0 }, Name: ['a'], ARR__c: { street: 'x' } };
    expect(mapAccount('a1', raw, all).problems.map((p) => [p.field, p.reason])).toEqual([
      ['industryGrowth', '{"toString":0} is not a single value'],
      ['inTrial', '{"toString":0} is not a single value'],
      ['name', '["a"] is not a single value'],
      ['arr', '{"street":"x"} is not a single value'],
    ]);
  });
});
