// The portal's schema routes (/crm/properties, /crm/pipelines, /crm/owners, each under its dated
// version): properties (list, batch create, update an enumeration's options), property groups,
// pipelines and owners. Creating a property that exists, or in a group that does not, fails as in
// HubSpot; per-property errors come in a 207 up to 2026-03 and in a 200 since 2026-09.
import type { SandboxAnswer, SandboxRequest } from '../model.ts';
import { OWNERS } from '../portfolio.ts';
import type { Route } from '../router.ts';
import { badBody, hsError, notFound } from './errors.ts';
import { PIPELINES } from './pipelines.ts';
import { ownerId, type HsProperty } from './properties.ts';
import { GroupCreateSchema, PropertyBatchCreateSchema, PropertyUpdateSchema } from './requests.ts';
import { isObjectType, type PortalState } from './state.ts';
import { batchStatus, dated, versionOf } from './versions.ts';

const shown = ({ readOnly, ...p }: HsProperty) => ({ ...p, modificationMetadata: { readOnlyValue: readOnly ?? false, readOnlyDefinition: p.hubspotDefined ?? false, archivable: !p.hubspotDefined } });

export function schemaRoutes(state: PortalState, now: () => number): Route[] {
  const known = (type: string): HsProperty[] | null => (isObjectType(type) ? (state.properties[type] ??= []) : null);
  const noType = (type: string) => notFound(`Unable to infer object type from: ${type}`);

  function createProperties(m: RegExpMatchArray, req: SandboxRequest): SandboxAnswer {
    const list = known(m[2]!);
    if (!list) return noType(m[2]!);
    const parsed = PropertyBatchCreateSchema.safeParse(req.body);
    if (!parsed.success) return badBody(parsed.error);
    const groups = state.groups[m[2]!] ?? [];
    const results = [];
    const errors = [];
    for (const input of parsed.data.inputs) {
      if (list.some((p) => p.name === input.name)) errors.push({ status: 'error', category: 'OBJECT_ALREADY_EXISTS', message: `A property named '${input.name}' already exists.`, context: { name: [input.name] } });
      else if (!groups.includes(input.groupName)) errors.push({ status: 'error', category: 'VALIDATION_ERROR', message: `Property group ${input.groupName} does not exist`, context: { name: [input.name] } });
      else {
        const p: HsProperty = { ...input, options: (input.options ?? []).map((o) => ({ label: o.label, value: o.value, displayOrder: o.displayOrder, hidden: o.hidden })), hubspotDefined: false };
        list.push(p);
        results.push(shown(p));
      }
    }
    const stamp = new Date(now()).toISOString();
    // 2026-09 answers 200 (not 201) to a property batch create, errors or not.
    return { status: batchStatus(versionOf(m), versionOf(m) === '2026-03' ? 201 : 200, errors.length), body: { status: 'COMPLETE', results, ...(errors.length ? { numErrors: errors.length, errors } : {}), startedAt: stamp, completedAt: stamp } };
  }

  function updateProperty(m: RegExpMatchArray, req: SandboxRequest): SandboxAnswer {
    const p = known(m[2]!)?.find((x) => x.name === m[3]);
    if (!p) return notFound(`Property ${m[3]} does not exist`);
    if (p.hubspotDefined) return hsError(400, 'VALIDATION_ERROR', `Property ${p.name} is defined by HubSpot and cannot be changed`);
    const parsed = PropertyUpdateSchema.safeParse(req.body);
    if (!parsed.success) return badBody(parsed.error);
    const { options, ...rest } = parsed.data;
    Object.assign(p, rest);
    if (options) p.options = options.map((o) => ({ label: o.label, value: o.value, displayOrder: o.displayOrder, hidden: o.hidden }));
    return { status: 200, body: shown(p) };
  }

  function createGroup(m: RegExpMatchArray, req: SandboxRequest): SandboxAnswer {
    if (!known(m[2]!)) return noType(m[2]!);
    const parsed = GroupCreateSchema.safeParse(req.body);
    if (!parsed.success) return badBody(parsed.error);
    const groups = (state.groups[m[2]!] ??= []);
    if (groups.includes(parsed.data.name)) return hsError(409, 'OBJECT_ALREADY_EXISTS', `A property group named '${parsed.data.name}' already exists.`);
    groups.push(parsed.data.name);
    return { status: 201, body: { name: parsed.data.name, label: parsed.data.label, displayOrder: parsed.data.displayOrder ?? -1, archived: false } };
  }

  return [
    { method: 'GET', path: dated('properties', '/(\\w+)'), handle: (m) => (known(m[2]!) ? { status: 200, body: { results: known(m[2]!)!.map(shown) } } : noType(m[2]!)) },
    { method: 'POST', path: dated('properties', '/(\\w+)/batch/create'), handle: createProperties },
    { method: 'GET', path: dated('properties', '/(\\w+)/groups'), handle: (m) => (known(m[2]!) ? { status: 200, body: { results: (state.groups[m[2]!] ?? []).map((name, i) => ({ name, label: name, displayOrder: i, archived: false })) } } : noType(m[2]!)) },
    { method: 'PATCH', path: dated('properties', '/(\\w+)/(\\w+)'), handle: updateProperty },
    { method: 'POST', path: dated('properties', '/(\\w+)/groups'), handle: createGroup },
    { method: 'GET', path: dated('pipelines', '/(deals|tickets)'), handle: (m) => ({ status: 200, body: { results: PIPELINES[m[2] as 'deals' | 'tickets'] } }) },
    {
      method: 'GET',
      path: dated('owners', '/?'),
      handle: () => ({ status: 200, body: { results: OWNERS.map((o) => ({ id: ownerId(o.index), email: o.email, firstName: o.firstName, lastName: o.lastName, userId: 9_000 + o.index, archived: false, teams: [{ id: o.role === 'csm' ? '2' : '1', name: o.role === 'csm' ? 'Customer Success' : 'Sales', primary: true }] })) } }),
    },
  ];
}
