// The console's forms read back into the documents the API takes: a policy or a mapping shown in
// the editor and posted unchanged resolves to the same policy or mapping; the tier rules follow
// their order column; blank rows add nothing; typed text that is not a number stays text, so the
// policy check names its range.
import { describe, expect, it } from 'vitest';
import { MappingSchema } from '../../src/connectors/mapping/schema.ts';
import { mappingDoc, mappingValues } from '../../src/http/console/mapping-form.ts';
import { policyDraft, policyValues, postedValues } from '../../src/http/console/policy-form.ts';
import { PolicyError, resolvePolicy, type Policy } from '../../src/model/policy.ts';

/** What the editor shows of a policy (policy.ts `pick`), with the blank rows it adds, as posted. */
function posted(p: Policy): Record<string, string | string[]> {
  const shown = policyValues({ health: { weights: p.health.weights, bands: p.health.bands, engagement: p.health.engagement, tickets: p.health.tickets }, tiers: p.tiers, signals: p.signals, renewal: p.renewal, playbook: p.playbook });
  const body: Record<string, string | string[]> = { _csrf: 'x', ...shown };
  const n = p.tiers.rules.length;
  p.tiers.rules.forEach((r, i) => {
    body[`tiers.rules.${i}.order`] = String(i + 1);
    body[`tiers.rules.${i}.when.${r.when.length}.field`] = '';
    body[`tiers.rules.${i}.when.${r.when.length}.op`] = '>=';
    body[`tiers.rules.${i}.when.${r.when.length}.value`] = '';
  });
  Object.assign(body, { [`tiers.rules.${n}.order`]: String(n + 1), [`tiers.rules.${n}.tier`]: '', [`tiers.rules.${n}.when.0.field`]: '', [`tiers.rules.${n}.when.0.op`]: '>=', [`tiers.rules.${n}.when.0.value`]: '' });
  return body;
}

describe('policy editor form', () => {
  it.each([
    ['the defaults', {}],
    ['the value-growth preset', { tiers: { preset: 'value_growth' } }],
    ['custom rules with a list condition', { tiers: { rules: [{ tier: 'key', when: [{ field: 'industry', op: 'in', value: ['Banking', 'Retail'] }, { field: 'arr', op: '>', value: 5 }] }], fallback: 'rest' } }],
  ])('posted unchanged, %s resolve to the same policy', (_name, partial) => {
    const policy = resolvePolicy(partial);
    const draft = policyDraft(postedValues(posted(policy)));
    expect(resolvePolicy(draft)).toEqual(policy);
  });

  it('orders the rules by their order column and drops blank rows', () => {
    const body = { ...posted(resolvePolicy({})), 'tiers.rules.0.order': '3', 'tiers.rules.2.order': '1' };
    const draft = policyDraft(postedValues(body)) as { tiers: { rules: { tier: string }[] } };
    expect(draft.tiers.rules.map((r) => r.tier)).toEqual(['standard', 'growth', 'strategic']);
  });

  it('keeps unchecked checkboxes as empty lists and text where a number is due, so the check names it', () => {
    const body: Record<string, string | string[]> = { ...posted(resolvePolicy({})), 'health.weights.usage': 'lots' };
    delete body['playbook.rescue.onBands'];
    const draft = policyDraft(postedValues(body)) as { playbook: { rescue: { onBands: string[] } } };
    expect(draft.playbook.rescue.onBands).toEqual([]);
    expect(() => resolvePolicy(draft)).toThrow(PolicyError);
    try {
      resolvePolicy(draft);
    } catch (error) {
      expect((error as PolicyError).problems).toEqual(['health.weights.usage: must be a number from 0 to 1,000,000']);
    }
  });
});

describe('mapping form', () => {
  it('a mapping shown and posted unchanged is the same mapping, picklists included', () => {
    const mapping = MappingSchema.parse({
      account: {
        arr: { field: 'annual_contract_value', transform: 'number' },
        inTrial: { field: 'plan', transform: 'picklist', values: { trial: true, paid: false } },
        nps: { field: 'nps_band', transform: 'picklist', values: { promoter: 60, detractor: -40 } },
      },
    });
    expect(MappingSchema.parse(mappingDoc(mappingValues(mapping)))).toEqual(mapping);
  });

  it('leaves a canonical field with no CRM field chosen unmapped', () => {
    expect(mappingDoc({ 'account.arr.field': '', 'account.arr.transform': 'number', 'account.nps.field': 'x', 'account.nps.transform': 'number' })).toEqual({ account: { nps: { field: 'x', transform: 'number' } } });
  });
});
