// CRM objects (/crm/objects/{version}/...): list a page, batch read, batch update and batch
// create, with HubSpot's caps (100 a list page, 100 inputs a batch) and rules (ids read but
// missing come back as per-record errors; a batch naming one id twice is refused; creates name
// their associations by type id; from 2026-09 a record a validation rule refuses is a per-record
// error and the rest of the batch is written). Writes stamp hs_lastmodifieddate, which is what
// incremental searches find.
import type { z } from 'zod';
import type { HubSpotApiVersion } from '../../model/index.ts';
import type { SandboxAnswer, SandboxRequest } from '../model.ts';
import type { Route } from '../router.ts';
import { ASSOCIATION_TYPE_IDS } from './associations.ts';
import { badBody, invalid, notFound } from './errors.ts';
import { present, presentHistory } from './present.ts';
import { BatchCreateSchema, BatchReadSchema, BatchUpdateSchema } from './requests.ts';
import { isObjectType, type Obj, type PortalState } from './state.ts';
import { checkWrites } from './validate-writes.ts';
import { brokenRule, ruleError } from './validation-rules.ts';
import { batchStatus, dated, enforcesValidationRules, versionOf } from './versions.ts';

export const BATCH_LIMIT = 100;
export const HISTORY_BATCH_LIMIT = 50;
export const LIST_LIMIT = 100;

const batchAnswer = (version: HubSpotApiVersion, status: number, results: unknown[], errors: unknown[], startedAt: string): SandboxAnswer => ({
  status: batchStatus(version, status, errors.length),
  body: { status: 'COMPLETE', results, ...(errors.length > 0 ? { numErrors: errors.length, errors } : {}), startedAt, completedAt: new Date().toISOString() },
});

function parse<S extends z.ZodType>(schema: S, body: unknown): { ok: true; data: z.output<S> } | { ok: false; answer: SandboxAnswer } {
  const parsed = schema.safeParse(body);
  return parsed.success ? { ok: true, data: parsed.data } : { ok: false, answer: badBody(parsed.error) };
}

export function objectRoutes(state: PortalState, now: () => number): Route[] {
  const store = (type: string) => (isObjectType(type) ? state.objects.get(type)! : null);
  const noType = (type: string) => notFound(`Unable to infer object type from: ${type}`);
  const tooMany = (n: number) => invalid(`Batch input must contain at most ${BATCH_LIMIT} inputs, got ${n}`);

  function list(m: RegExpMatchArray, req: SandboxRequest): SandboxAnswer {
    const records = store(m[2]!);
    if (!records) return noType(m[2]!);
    const q = req.url.searchParams;
    const limit = Number(q.get('limit') ?? 10);
    if (!Number.isInteger(limit) || limit < 1 || limit > LIST_LIMIT) return invalid(`limit must be a whole number from 1 to ${LIST_LIMIT}, got ${q.get('limit')}`);
    // Archived records are not kept in the sandbox: the archived list is empty.
    const all = q.get('archived') === 'true' ? [] : [...records.values()];
    const after = Number(q.get('after') ?? 0);
    const names = (q.get('properties') ?? '').split(',');
    const results = all.slice(after, after + limit).map((o) => present(o, names));
    const next = after + limit < all.length ? { paging: { next: { after: String(after + limit), link: `${req.url.pathname}?after=${after + limit}` } } } : {};
    return { status: 200, body: { results, ...next } };
  }

  function read(m: RegExpMatchArray, req: SandboxRequest): SandboxAnswer {
    const records = store(m[2]!);
    if (!records) return noType(m[2]!);
    const p = parse(BatchReadSchema, req.body);
    if (!p.ok) return p.answer;
    if (p.data.inputs.length > BATCH_LIMIT) return tooMany(p.data.inputs.length);
    const withHistory = p.data.propertiesWithHistory;
    // HubSpot reads property history in batches of 50 at most.
    if (withHistory.length > 0 && p.data.inputs.length > HISTORY_BATCH_LIMIT) return invalid(`a batch read with propertiesWithHistory takes at most ${HISTORY_BATCH_LIMIT} inputs, got ${p.data.inputs.length}`);
    const startedAt = new Date(now()).toISOString();
    const found: Obj[] = [];
    const missing: string[] = [];
    for (const { id } of p.data.inputs) {
      const o = records.get(id);
      if (o) found.push(o);
      else missing.push(id);
    }
    const errors = missing.length ? [{ status: 'error', category: 'OBJECT_NOT_FOUND', message: `Could not get some ${m[2]} objects, they may be deleted or not exist. Check that ids are valid.`, context: { ids: missing } }] : [];
    const shown = found.map((o) => (withHistory.length > 0 ? { ...present(o, p.data.properties), propertiesWithHistory: presentHistory(o, withHistory) } : present(o, p.data.properties)));
    return batchAnswer(versionOf(m), 200, shown, errors, startedAt);
  }

  function update(m: RegExpMatchArray, req: SandboxRequest): SandboxAnswer {
    const version = versionOf(m);
    const type = m[2]!;
    const records = store(type);
    if (!records) return noType(type);
    const p = parse(BatchUpdateSchema, req.body);
    if (!p.ok) return p.answer;
    const { inputs } = p.data;
    if (inputs.length > BATCH_LIMIT) return tooMany(inputs.length);
    if (new Set(inputs.map((i) => i.id)).size !== inputs.length) return invalid('Duplicate IDs found in batch input: each record may be named once');
    const refused = checkWrites(state.properties[type] ?? [], inputs.map((i) => i.properties));
    if (refused) return refused;
    const stamp = new Date(now()).toISOString();
    const results = [];
    const errors = [];
    for (const input of inputs) {
      const o = records.get(input.id);
      if (!o) {
        errors.push({ status: 'error', category: 'OBJECT_NOT_FOUND', message: `resource not found: ${input.id}`, context: { ids: [input.id] }, ...(input.objectWriteTraceId ? { objectWriteTraceId: input.objectWriteTraceId } : {}) });
        continue;
      }
      const rule = enforcesValidationRules(version) ? brokenRule(state.rules, type, o.properties, input.properties) : null;
      if (rule) {
        errors.push(ruleError(rule, input.id, input.objectWriteTraceId));
        continue;
      }
      // An empty string clears a property.
      for (const [k, v] of Object.entries(input.properties)) {
        o.properties[k] = v === '' ? null : v;
        o.history?.[k]?.push({ value: o.properties[k], timestamp: stamp });
      }
      o.properties.hs_lastmodifieddate = stamp;
      results.push({ ...present(o, Object.keys(input.properties)), ...(input.objectWriteTraceId ? { objectWriteTraceId: input.objectWriteTraceId } : {}) });
    }
    return batchAnswer(version, 200, results, errors, stamp);
  }

  function create(m: RegExpMatchArray, req: SandboxRequest): SandboxAnswer {
    const version = versionOf(m);
    const type = m[2]!;
    const records = store(type);
    if (!records) return noType(type);
    const p = parse(BatchCreateSchema, req.body);
    if (!p.ok) return p.answer;
    const { inputs } = p.data;
    if (inputs.length > BATCH_LIMIT) return tooMany(inputs.length);
    const refused = checkWrites(state.properties[type] ?? [], inputs.map((i) => i.properties));
    if (refused) return refused;
    // Every association must name an existing record through a type id that fits the pair.
    const links: [number, string, string][] = [];
    for (const [i, input] of inputs.entries()) {
      for (const a of input.associations) {
        for (const t of a.types) {
          const pair = Object.entries(ASSOCIATION_TYPE_IDS).find(([key, typeId]) => typeId === t.associationTypeId && key.startsWith(`${type}/`));
          if (!pair || t.associationCategory !== 'HUBSPOT_DEFINED') return invalid(`inputs[${i}]: association type ${t.associationCategory} ${t.associationTypeId} is not valid from ${type}`);
          const toType = pair[0].split('/')[1]!;
          if (!state.objects.get(toType)?.has(a.to.id)) return invalid(`inputs[${i}]: cannot associate with ${toType} ${a.to.id}: it does not exist`);
          links.push([i, toType, a.to.id]);
        }
      }
    }
    const stamp = new Date(now()).toISOString();
    const created = new Map<number, Obj>();
    const errors = [];
    for (const [i, input] of inputs.entries()) {
      const rule = enforcesValidationRules(version) ? brokenRule(state.rules, type, {}, input.properties) : null;
      if (rule) {
        errors.push(ruleError(rule, null, input.objectWriteTraceId));
        continue;
      }
      const id = state.newId();
      const o: Obj = { id, properties: { ...input.properties, hs_object_id: id, hs_createdate: stamp, hs_lastmodifieddate: stamp } };
      records.set(id, o);
      created.set(i, o);
    }
    for (const [i, toType, toId] of links) {
      const o = created.get(i);
      if (o) state.associations.add(type, o.id, toType, toId);
    }
    const results = [...created].map(([i, o]) => ({ ...present(o, Object.keys(inputs[i]!.properties)), ...(inputs[i]!.objectWriteTraceId ? { objectWriteTraceId: inputs[i]!.objectWriteTraceId } : {}) }));
    return batchAnswer(version, 201, results, errors, stamp);
  }

  return [
    { method: 'GET', path: dated('objects', '/(\\w+)'), handle: list },
    { method: 'POST', path: dated('objects', '/(\\w+)/batch/read'), handle: read },
    { method: 'POST', path: dated('objects', '/(\\w+)/batch/update'), handle: update },
    { method: 'POST', path: dated('objects', '/(\\w+)/batch/create'), handle: create },
  ];
}
