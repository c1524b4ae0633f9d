// ensureSchema: the first run creates the crm_pulse group and our company and task properties;
// a second run against the result creates nothing; a new tier name only adds an option to our
// own tier property; properties that are not ours are never touched.
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { COMPANY_PROPERTY, WRITE_RUN_PROPERTY, companyPropertyDefinitions } from '../../../src/connectors/hubspot/pulse-properties.ts';
import { DEFAULTS, resolvePolicy } from '../../../src/model/policy.ts';
import { BASE, COMPANY_PROPERTIES, fromBody, testConnector, useNock } from './helpers.ts';

type CreateInput = { name: string; label: string; description: string; groupName: string; type: string; fieldType: string; options?: { label: string; value: string; hidden: boolean; displayOrder: number }[] };

/**
 * A simulated portal: what the Properties API has, and what it was asked to create or change.
 * `patch` mocks the property update route too (every mock must be used by its test).
 */
function portal({ patch }: { patch: boolean }) {
  const groups: Record<string, { name: string; label: string }[]> = {
    companies: [{ name: 'companyinformation', label: 'Company information' }],
    tasks: [{ name: 'taskinformation', label: 'Task information' }],
  };
  const properties: Record<string, Record<string, unknown>[]> = {
    companies: [...COMPANY_PROPERTIES],
    tasks: [{ name: 'hs_task_subject', label: 'Task Title', type: 'string', fieldType: 'text', groupName: 'taskinformation', options: [] }],
  };
  const writes: string[] = [];
  for (const object of ['companies', 'tasks']) {
    // Routes of PublicApiSpecs/CRM/Properties/Rollouts/145899/2026-09/properties.json:
    // GET and POST /crm/properties/2026-09/{objectType}/groups (PropertyGroupCreate),
    // GET /crm/properties/2026-09/{objectType}, POST .../batch/create (BatchInputPropertyCreate),
    // PATCH .../{propertyName} (PropertyUpdate).
    nock(BASE)
      .persist()
      .get(`/crm/properties/2026-09/${object}/groups`)
      .reply(200, () => ({ results: groups[object] }))
      .post(`/crm/properties/2026-09/${object}/groups`, { name: 'crm_pulse', label: 'crm-pulse', displayOrder: -1 })
      .reply(
        fromBody((b: { name: string; label: string }) => {
          writes.push(`group ${object}`);
          groups[object]!.push(b);
          return [201, { ...b, displayOrder: -1, archived: false }];
        }),
      )
      .get(`/crm/properties/2026-09/${object}`)
      .reply(200, () => ({ results: properties[object] }))
      .post(`/crm/properties/2026-09/${object}/batch/create`)
      .reply(
        fromBody((b: { inputs: CreateInput[] }) => {
          for (const input of b.inputs) {
            expect(Object.keys(input).sort()).toEqual(['description', 'fieldType', 'groupName', 'label', 'name', 'type', ...(input.options ? ['options'] : [])].sort());
            expect(input.groupName).toBe('crm_pulse');
            writes.push(`create ${object}.${input.name}`);
            properties[object]!.push({ ...input, options: input.options ?? [] });
          }
          return [201, { status: 'COMPLETE', results: b.inputs.map((i) => ({ ...i, options: i.options ?? [] })), startedAt: 'x', completedAt: 'y' }];
        }),
      );
  }
  if (patch) {
    nock(BASE)
      .patch('/crm/properties/2026-09/companies/crm_pulse_tier')
      .reply(
        fromBody((b: { options: { value: string; label: string; hidden: boolean }[] }) => {
          for (const o of b.options) expect(o).toMatchObject({ label: expect.any(String), value: expect.any(String), hidden: false });
          writes.push(`options companies ${b.options.map((o) => o.value).join(',')}`);
          return [200, { name: 'crm_pulse_tier', type: 'enumeration', options: b.options }];
        }),
      );
  }
  return { properties, writes };
}

describe('ensureSchema', () => {
  useNock();

  it('creates the group and every missing property once; a second run creates nothing', async () => {
    const { connector } = testConnector();
    const p = portal({ patch: false });

    const first = await connector.ensureSchema(DEFAULTS);
    expect(first).toEqual([
      { object: 'companies', name: 'crm_pulse', action: 'created' },
      ...[...Object.values(COMPANY_PROPERTY), WRITE_RUN_PROPERTY].map((name) => ({ object: 'companies', name, action: 'created' })),
      { object: 'tasks', name: 'crm_pulse', action: 'created' },
      { object: 'tasks', name: 'crm_pulse_task_kind', action: 'created' },
      { object: 'tasks', name: 'crm_pulse_task_key', action: 'created' },
    ]);
    const tier = p.properties.companies!.find((x) => x.name === 'crm_pulse_tier') as CreateInput;
    expect(tier).toMatchObject({ type: 'enumeration', fieldType: 'select' });
    expect(tier.options!.map((o) => o.value)).toEqual(['strategic', 'growth', 'standard', 'unknown']);
    expect(p.properties.companies!.find((x) => x.name === 'crm_pulse_churn_signals')).toMatchObject({ type: 'enumeration', fieldType: 'checkbox' });
    expect(p.properties.companies!.find((x) => x.name === 'crm_pulse_expansion_candidate')).toMatchObject({
      type: 'bool',
      fieldType: 'booleancheckbox',
      options: [
        { label: 'Yes', value: 'true', hidden: false, displayOrder: 0 },
        { label: 'No', value: 'false', hidden: false, displayOrder: 1 },
      ],
    });
    expect(p.properties.companies!.find((x) => x.name === 'crm_pulse_scored_at')).toMatchObject({ type: 'datetime', fieldType: 'date' });
    expect(p.properties.tasks!.find((x) => x.name === 'crm_pulse_task_kind')).toMatchObject({ options: ['renewal', 'rescue', 'handoff', 'validation'].map((value) => expect.objectContaining({ value })) });

    const writesAfterFirst = p.writes.length;
    expect(await connector.ensureSchema(DEFAULTS)).toEqual([]);
    expect(p.writes).toHaveLength(writesAfterFirst);
  });

  it('adds a new tier name to our tier property only, keeping its options', async () => {
    const { connector } = testConnector();
    const p = portal({ patch: true });
    await connector.ensureSchema(DEFAULTS);
    p.writes.length = 0;
    const policy = resolvePolicy({
      tiers: { rules: [{ tier: 'enterprise', when: [{ field: 'arr', op: '>=', value: 5_000_000 }] }, ...DEFAULTS.tiers.rules], fallback: 'unknown' },
    });
    expect(await connector.ensureSchema(policy)).toEqual([{ object: 'companies', name: 'crm_pulse_tier', action: 'options_added' }]);
    expect(p.writes).toEqual(['options companies strategic,growth,standard,unknown,enterprise']);
  });

  it('leaves a same-named property that is not in our group alone', async () => {
    const { connector } = testConnector();
    const p = portal({ patch: false });
    const defs = companyPropertyDefinitions(DEFAULTS);
    // An admin made crm_pulse_tier by hand in another group, with other options.
    p.properties.companies!.push({ name: 'crm_pulse_tier', label: 'Tier', type: 'enumeration', fieldType: 'select', groupName: 'companyinformation', options: [{ label: 'Gold', value: 'gold', hidden: false }] });
    const changes = await connector.ensureSchema(DEFAULTS);
    expect(changes.filter((c) => c.object === 'companies' && c.name !== 'crm_pulse')).toHaveLength(defs.length - 1);
    expect(p.writes.some((w) => w.startsWith('options'))).toBe(false);
  });
});
