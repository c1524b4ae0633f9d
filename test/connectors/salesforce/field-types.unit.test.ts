// The type compatibility rules of a Pulse field an admin made by hand: a type that holds every
// value crm-pulse writes fits (with a note when it is not the shipped one), one that cannot hold
// them blocks with the change that fixes it.
import { describe, expect, it } from 'vitest';
import { fieldFit, typeLabel } from '../../../src/connectors/salesforce/field-types.ts';
import { ACCOUNT_FIELDS, ACTIVITY_FIELDS } from '../../../src/connectors/salesforce/pulse-fields.ts';
import type { DescribeField } from '../../../src/connectors/salesforce/schemas/describe.ts';

const found = (type: string, extra: Partial<DescribeField> = {}): DescribeField => ({ name: 'X', type, ...extra });
const why = ACCOUNT_FIELDS.healthReasons;
const score = ACCOUNT_FIELDS.healthScore;
const key = ACTIVITY_FIELDS.find((f) => f.name === 'Pulse_Task_Key__c')!;

describe('text fields', () => {
  it('the shipped Text(255) fits without a note', () => {
    expect(fieldFit(why, found('string', { length: 255 }), 'Account')).toEqual({ fits: true, note: null });
  });

  it.each([
    ['Long Text Area', found('textarea', { length: 131_072, extraTypeInfo: 'plaintextarea' }), 'Long Text Area(131072)'],
    ['Text Area', found('textarea', { length: 255, extraTypeInfo: 'plaintextarea' }), 'Text Area(255)'],
    ['a longer Text', found('string', { length: 1_000 }), null],
  ])('a %s fits', (_name, f, label) => {
    const fit = fieldFit(why, f, 'Account');
    expect(fit.fits).toBe(true);
    if (label) expect(fit).toEqual({ fits: true, note: `Pulse_Health_Reasons__c is a ${label}, crm-pulse ships Text(255): every value it writes fits` });
  });

  it('a Text shorter than what crm-pulse writes blocks, with the length to set', () => {
    expect(fieldFit(why, found('string', { length: 100 }), 'Account')).toEqual({
      fits: false,
      found: 'Text(100)',
      fix: 'Pulse_Health_Reasons__c holds 100 characters, crm-pulse writes up to 255: raise its length to 255 or more (Setup > Object Manager > Account > Fields & Relationships > Pulse Health Why > Edit)',
    });
  });

  it('a Rich Text Area blocks: it keeps HTML, not plain text', () => {
    const fit = fieldFit(why, found('textarea', { length: 32_768, extraTypeInfo: 'richtextarea' }), 'Account');
    expect(fit).toMatchObject({ fits: false, found: 'Rich Text Area(32768)' });
  });

  it('the task key must stay filterable: a Text Area, which SOQL cannot filter on, blocks', () => {
    expect(fieldFit(key, found('string', { length: 255, filterable: true }), 'Activity')).toEqual({ fits: true, note: null });
    const fit = fieldFit(key, found('textarea', { length: 255, extraTypeInfo: 'plaintextarea', filterable: false }), 'Activity');
    expect(fit).toMatchObject({ fits: false, found: 'Text Area(255)' });
    expect(fit.fits === false && fit.fix).toContain('which SOQL cannot filter on, and crm-pulse looks tasks up by it: change it to Text(255)');
  });

  it('a number field cannot hold text', () => {
    expect(fieldFit(why, found('double', { precision: 18, scale: 0 }), 'Account')).toMatchObject({ fits: false, found: 'Number(18, 0)' });
  });
});

describe('number fields', () => {
  it.each([
    ['Number(18, 2)', found('double', { precision: 18, scale: 2 }), null],
    ['Number(3, 0) as shipped', found('double', { precision: 3, scale: 0 }), null],
    ['an integer of 9 digits', found('int', { digits: 9 }), 'Number(9, 0)'],
    ['a percent', found('percent', { precision: 5, scale: 2 }), 'Percent(5, 2)'],
    ['a currency', found('currency', { precision: 16, scale: 2 }), 'Currency(16, 2)'],
  ])('%s fits', (_name, f, label) => {
    const fit = fieldFit(score, f, 'Account');
    expect(fit.fits).toBe(true);
    if (label) expect(fit.fits && fit.note).toMatch(new RegExp(`^Pulse_Health_Score__c is a ${label.replace(/[()]/g, '\\$&')}, crm-pulse ships Number\\(3, 0\\): every value it writes fits`));
    else expect(fit).toEqual({ fits: true, note: null });
  });

  it('too few digits before the point blocks (100 needs 3)', () => {
    expect(fieldFit(score, found('double', { precision: 4, scale: 2 }), 'Account')).toEqual({
      fits: false,
      found: 'Number(4, 2)',
      fix: 'Pulse_Health_Score__c keeps 2 digits before the decimal point, crm-pulse writes values up to 3: raise its length to 3 or more (Setup > Object Manager > Account > Fields & Relationships > Pulse Health Score > Edit)',
    });
  });

  it('text, a date or a checkbox cannot hold a score', () => {
    for (const type of ['string', 'date', 'boolean']) expect(fieldFit(score, found(type, { length: 255 }), 'Account').fits).toBe(false);
  });
});

describe('picklists, check boxes and date-times', () => {
  it('a picklist field may be text long enough for its values; a checkbox field must be a checkbox', () => {
    expect(fieldFit(ACCOUNT_FIELDS.healthBand, found('picklist'), 'Account')).toEqual({ fits: true, note: null });
    const asText = fieldFit(ACCOUNT_FIELDS.healthBand, found('string', { length: 40 }), 'Account');
    expect(asText.fits && asText.note).toContain('its values are text, not picklist values');
    expect(fieldFit(ACCOUNT_FIELDS.healthBand, found('string', { length: 5 }), 'Account').fits).toBe(false);
    expect(fieldFit(ACCOUNT_FIELDS.expansionCandidate, found('boolean'), 'Account')).toEqual({ fits: true, note: null });
    expect(fieldFit(ACCOUNT_FIELDS.expansionCandidate, found('picklist'), 'Account').fits).toBe(false);
  });

  it('churn signals need a multi-select picklist or text that holds them all; a single-select cannot', () => {
    expect(fieldFit(ACCOUNT_FIELDS.churnSignals, found('multipicklist'), 'Account')).toEqual({ fits: true, note: null });
    expect(fieldFit(ACCOUNT_FIELDS.churnSignals, found('picklist'), 'Account').fits).toBe(false);
    expect(fieldFit(ACCOUNT_FIELDS.churnSignals, found('textarea', { length: 32_768, extraTypeInfo: 'plaintextarea' }), 'Account').fits).toBe(true);
  });

  it('a date cannot hold when a score was taken; a date-time or text can', () => {
    expect(fieldFit(ACCOUNT_FIELDS.scoredAt, found('date'), 'Account').fits).toBe(false);
    expect(fieldFit(ACCOUNT_FIELDS.scoredAt, found('datetime'), 'Account').fits).toBe(true);
    expect(fieldFit(ACCOUNT_FIELDS.scoredAt, found('string', { length: 30 }), 'Account').fits).toBe(true);
  });

  it('names types as Setup does', () => {
    expect([found('textarea', { length: 131_072 }), found('textarea', { length: 255 }), found('int', { digits: 9 }), found('multipicklist'), found('datetime')].map(typeLabel)).toEqual([
      'Long Text Area(131072)',
      'Text Area(255)',
      'Number(9, 0)',
      'Picklist (Multi-Select)',
      'Date/Time',
    ]);
  });
});
