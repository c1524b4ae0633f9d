// The portal's schema routes: properties (list, batch create, update an enumeration's options),
// property groups, pipelines and owners. Creating a property that exists, or in a group that
// does not, fails as in HubSpot.
import type { SandboxAnswer, SandboxRequest } from '../model.ts';
import { OWNERS } from '../portfolio.ts';
import type { Route } from '../router.ts';
import { badBody, hsError, notFound } from './errors.ts';
import { PIPELINES } from './pipelines.ts';
import { ownerId, type HsProperty } from './properties.ts';
import { GroupCreateSchema, PropertyBatchCreateSchema, PropertyUpdateSchema } from './requests.ts';
import { isObjectType, type PortalState } from './state.ts';

const shown = ({ readOnly, ...p }: HsProperty) => ({ ...p, modificationMetadata: { readOnlyValue: readOnly ?? false, readOnlyDefinition: p.hubspotDefined ?? false, archivable: !p.hubspotDefined } });

export function schemaRoutes(state: PortalState, now: () => number): Route[] {
  const known = (type: string): HsProperty[] | null => (isObjectType(type) ? (state.properties[type] ??= []) : null);
  const noType = (type: string) => notFound(`Unable to infer object type from: ${type}`);

  function createProperties(m: RegExpMatchArray, req: SandboxRequest): SandboxAnswer {
    const list = known(m[1]!);
    if (!list) return noType(m[1]!);
    const parsed = PropertyBatchCreateSchema.safeParse(req.body);
    if (!parsed.success) return badBody(parsed.error);
    const groups = state.groups[m[1]!] ?? [];
    const results = [];
    const errors = [];
    for (const input of parsed.data.inputs) {
      if (list.some((p) => p.name === input.name)) errors.push({ status: 'error', category: 'OBJECT_ALREADY_EXISTS', message: `A property named '${input.name}' already exists.`, context: { name: [input.name] } });
      else if (!groups.includes(input.groupName)) errors.push({ status: 'error', category: 'VALIDATION_ERROR', message: `Property group ${input.groupName} does not exist`, context: { name: [input.name] } });
      else {
        const p: HsProperty = { ...input, options: (input.options ?? []).map((o, i) => ({ label: o.label, value: o.value, displayOrder: o.displayOrder ?? i, hidden: o.hidden })), hubspotDefined: false };
        list.push(p);
        results.push(shown(p));
      }
    }
    const stamp = new Date(now()).toISOString();
    return { status: errors.length ? 207 : 201, body: { status: 'COMPLETE', results, ...(errors.length ? { numErrors: errors.length, errors } : {}), startedAt: stamp, completedAt: stamp } };
  }

  function updateProperty(m: RegExpMatchArray, req: SandboxRequest): SandboxAnswer {
    const p = known(m[1]!)?.find((x) => x.name === m[2]);
    if (!p) return notFound(`Property ${m[2]} does not exist`);
    if (p.hubspotDefined) return hsError(400, 'VALIDATION_ERROR', `Property ${p.name} is defined by HubSpot and cannot be changed`);
    const parsed = PropertyUpdateSchema.safeParse(req.body);
    if (!parsed.success) return badBody(parsed.error);
    const { options, ...rest } = parsed.data;
    Object.assign(p, rest);
    if (options) p.options = options.map((o, i) => ({ label: o.label, value: o.value, displayOrder: o.displayOrder ?? i, hidden: o.hidden }));
    return { status: 200, body: shown(p) };
  }

  function createGroup(m: RegExpMatchArray, req: SandboxRequest): SandboxAnswer {
    if (!known(m[1]!)) return noType(m[1]!);
    const parsed = GroupCreateSchema.safeParse(req.body);
    if (!parsed.success) return badBody(parsed.error);
    const groups = (state.groups[m[1]!] ??= []);
    if (groups.includes(parsed.data.name)) return hsError(409, 'OBJECT_ALREADY_EXISTS', `A property group named '${parsed.data.name}' already exists.`);
    groups.push(parsed.data.name);
    return { status: 201, body: { name: parsed.data.name, label: parsed.data.label, displayOrder: parsed.data.displayOrder ?? -1, archived: false } };
  }

  return [
    { method: 'GET', path: /^\/crm\/v3\/properties\/(\w+)$/, handle: (m) => (known(m[1]!) ? { status: 200, body: { results: known(m[1]!)!.map(shown) } } : noType(m[1]!)) },
    { method: 'POST', path: /^\/crm\/v3\/properties\/(\w+)\/batch\/create$/, handle: createProperties },
    { method: 'PATCH', path: /^\/crm\/v3\/properties\/(\w+)\/(\w+)$/, handle: updateProperty },
    { method: 'GET', path: /^\/crm\/v3\/properties\/(\w+)\/groups$/, handle: (m) => (known(m[1]!) ? { status: 200, body: { results: (state.groups[m[1]!] ?? []).map((name, i) => ({ name, label: name, displayOrder: i, archived: false })) } } : noType(m[1]!)) },
    { method: 'POST', path: /^\/crm\/v3\/properties\/(\w+)\/groups$/, handle: createGroup },
    { method: 'GET', path: /^\/crm\/v3\/pipelines\/(deals|tickets)$/, handle: (m) => ({ status: 200, body: { results: PIPELINES[m[1] as 'deals' | 'tickets'] } }) },
    {
      method: 'GET',
      path: /^\/crm\/v3\/owners\/?$/,
      handle: () => ({ status: 200, body: { results: OWNERS.map((o) => ({ id: ownerId(o.index), email: o.email, firstName: o.firstName, lastName: o.lastName, userId: 9_000 + o.index, archived: false, teams: [{ id: o.role === 'csm' ? '2' : '1', name: o.role === 'csm' ? 'Customer Success' : 'Sales', primary: true }] })) } }),
    },
  ];
}
