// Creates what crm-pulse writes to when it is missing: the `crm_pulse` property group and our
// properties on companies and tasks. It only adds: existing properties are left as they are,
// except that our own enumerations may gain options (e.g. a new tier name in the policy). A
// second run finds everything and changes nothing. A create whose answer was lost may have
// worked, and its retry is then refused as a duplicate: what HubSpot lists afterwards decides.
import type { z } from 'zod';
import { ConnectionError, RecordError, type Policy } from '../../model/index.ts';
import type { SchemaChange } from '../connector.ts';
import type { HubSpotApi } from './api.ts';
import { errorsByInput } from './batch-errors.ts';
import { listProperties } from './fields.ts';
import { companyPropertyDefinitions, optionLabel, PULSE_GROUP, TASK_PROPERTY_DEFINITIONS, type PropertyDefinition } from './pulse-properties.ts';
import { HsPropertySchema, PropertyBatchSchema, PropertyGroupListSchema, PropertyGroupSchema, type HsProperty } from './schemas/properties.ts';

function createInput(d: PropertyDefinition) {
  return {
    name: d.name,
    label: d.label,
    description: d.description,
    groupName: PULSE_GROUP,
    type: d.type,
    fieldType: d.fieldType,
    ...(d.options ? { options: d.options.map((value, i) => ({ label: d.type === 'bool' ? (value === 'true' ? 'Yes' : 'No') : optionLabel(value), value, hidden: false, displayOrder: i })) } : {}),
  };
}

async function ensureGroup(api: HubSpotApi, objectType: string): Promise<SchemaChange[]> {
  // https://developers.hubspot.com/docs/guides/api/crm/properties#create-a-property-group
  // GET /crm/properties/{version}/{objectType}/groups (PublicApiSpecs/CRM/Properties/Rollouts/145899/2026-09/properties.json)
  const groups = await api.call({ method: 'GET', path: `/crm/properties/${api.version}/${objectType}/groups` }, PropertyGroupListSchema);
  if (groups.results.some((g) => g.name === PULSE_GROUP)) return [];
  try {
    // POST /crm/properties/{version}/{objectType}/groups (same spec, PropertyGroupCreate)
    await api.call({ method: 'POST', path: `/crm/properties/${api.version}/${objectType}/groups`, json: { name: PULSE_GROUP, label: 'crm-pulse', displayOrder: -1 } }, PropertyGroupSchema);
  } catch (error) {
    if (!(error instanceof RecordError)) throw error;
    const again = await api.call({ method: 'GET', path: `/crm/properties/${api.version}/${objectType}/groups` }, PropertyGroupListSchema);
    if (!again.results.some((g) => g.name === PULSE_GROUP)) throw error;
  }
  return [{ object: objectType, name: PULSE_GROUP, action: 'created' }];
}

async function createMissing(api: HubSpotApi, objectType: string, missing: PropertyDefinition[]): Promise<SchemaChange[]> {
  if (missing.length === 0) return [];
  // https://developers.hubspot.com/docs/guides/api/crm/properties#create-a-property
  // POST /crm/properties/{version}/{objectType}/batch/create (same spec, BatchInputPropertyCreate; since
  // 2026-09 every option must carry its displayOrder, and per-property errors ride in a 200)
  let answer: z.output<typeof PropertyBatchSchema>;
  try {
    answer = await api.call({ method: 'POST', path: `/crm/properties/${api.version}/${objectType}/batch/create`, json: { inputs: missing.map(createInput) } }, PropertyBatchSchema);
  } catch (error) {
    if (!(error instanceof RecordError)) throw error;
    answer = { results: [], errors: [{ message: error.message }] };
  }
  const created = new Set(answer.results.map((p) => p.name));
  const listed = created.size < missing.length ? new Set((await listProperties(api, objectType)).map((p) => p.name)) : created;
  const failed = missing.filter((d) => !created.has(d.name) && !listed.has(d.name));
  if (failed.length) {
    const { byId, other } = errorsByInput(answer.errors);
    const reasons = failed.map((d) => `${d.name}: ${byId.get(d.name) ?? other[0] ?? 'no reason given'}`);
    throw new ConnectionError(
      'HUBSPOT_SCHEMA_REJECTED',
      `HubSpot did not create these ${objectType} properties: ${reasons.join('; ')}. If a property of that name was deleted, restore it in HubSpot (Settings > Properties > Archived) or delete it for good, then run again.`,
    );
  }
  return missing.map((d) => ({ object: objectType, name: d.name, action: 'created' as const }));
}

async function addOptions(api: HubSpotApi, objectType: string, d: PropertyDefinition, existing: HsProperty): Promise<SchemaChange[]> {
  // Only our own enumerations, and only additions: options HubSpot users rely on stay untouched.
  if (!d.options || d.type !== 'enumeration' || existing.type !== 'enumeration' || existing.groupName !== PULSE_GROUP) return [];
  const have = existing.options ?? [];
  const values = new Set(have.map((o) => o.value));
  const added = d.options.filter((v) => !values.has(v));
  if (added.length === 0) return [];
  const options = [
    ...have.map((o, i) => ({ label: o.label ?? o.value, value: o.value, hidden: o.hidden ?? false, displayOrder: o.displayOrder ?? i, ...(o.description ? { description: o.description } : {}) })),
    ...added.map((value, i) => ({ label: optionLabel(value), value, hidden: false, displayOrder: have.length + i })),
  ];
  // https://developers.hubspot.com/docs/guides/api/crm/properties#update-or-clear-a-property-s-values
  // PATCH /crm/properties/{version}/{objectType}/{propertyName} (same spec, PropertyUpdate; options replace the list)
  await api.call({ method: 'PATCH', path: `/crm/properties/${api.version}/${objectType}/${d.name}`, json: { options } }, HsPropertySchema);
  return [{ object: objectType, name: d.name, action: 'options_added' }];
}

export async function ensureSchema(api: HubSpotApi, policy: Policy): Promise<SchemaChange[]> {
  const objects = [
    ['companies', companyPropertyDefinitions(policy)],
    ['tasks', TASK_PROPERTY_DEFINITIONS],
  ] as const;
  // The two objects' calls do not depend on each other: a first cycle waits for the longer
  // chain, not for both (a new connection's first write comes that much sooner).
  const perObject = await Promise.all(
    objects.map(async ([objectType, definitions]) => {
      const changes = await ensureGroup(api, objectType);
      const existing = new Map((await listProperties(api, objectType)).map((p) => [p.name, p]));
      changes.push(...(await createMissing(api, objectType, definitions.filter((d) => !existing.has(d.name)))));
      for (const d of definitions) {
        const found = existing.get(d.name);
        if (found) changes.push(...(await addOptions(api, objectType, d, found)));
      }
      return changes;
    }),
  );
  return perObject.flat();
}
