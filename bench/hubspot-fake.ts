// A tiny fake HubSpot portal on 127.0.0.1 for the benchmarks and the multi-process tests: the
// routes a full sync, an incremental search and write-back use, answering in HubSpot's shapes and refusing requests over HubSpot's caps (100
// per batch, 1,000 ids per association read, 100 values per IN filter), so the count is honest.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

const DAY = 86_400_000;
export const HISTORY_TYPES = ['meetings', 'calls', 'emails', 'notes', 'tickets', 'deals'] as const;
export type Obj = { id: string; properties: Record<string, string | null> };

export interface FakePortal {
  url: string;
  /** The portal's state and request log, as in `createPortal`. */
  portal: Portal;
  close(): Promise<void>;
}

/** One request the portal answered. */
export interface PortalRequest {
  method: string;
  path: string;
  body: unknown;
}

/** The fake portal's model, served over HTTP by `startFakePortal` or answered through nock by tests. */
export interface Portal {
  /** Answers one request: [status, JSON body]. */
  handle(method: string, url: URL, body: unknown): [number, unknown];
  /** Records by type (`companies`, `tasks`, `meetings`, ...) and id; tests read and edit them. */
  objects: Map<string, Map<string, Obj>>;
  /** Every request answered, in order. */
  requests: PortalRequest[];
}

/** `companies` companies with 2 meetings, 2 calls, 2 emails, 2 notes and 2 tickets each, and one deal. */
function generate(companies: number, asOf: number) {
  const objects = new Map<string, Map<string, Obj>>(['companies', ...HISTORY_TYPES, 'tasks'].map((t) => [t, new Map()]));
  const links = new Map<string, Map<string, string[]>>(HISTORY_TYPES.map((t) => [t, new Map()]));
  const iso = (ms: number) => new Date(ms).toISOString();
  for (let i = 0; i < companies; i++) {
    const id = String(100_000 + i);
    objects.get('companies')!.set(id, {
      id,
      properties: {
        name: `Company ${i}`,
        hubspot_owner_id: String(1 + (i % 25)),
        annualrevenue: String(1_000_000 + i),
        numberofemployees: String(10 + (i % 500)),
        industry: 'COMPUTER_SOFTWARE',
        annual_contract_value: String((i % 30) * 50_000),
        contract_end_date: new Date(asOf + ((i % 400) - 30) * DAY).toISOString().slice(0, 10),
        feature_usage_pct: String(i % 101),
        last_login_date: iso(asOf - (i % 60) * DAY),
        account_nps: String((i % 201) - 100),
        csm_owner_id: i % 3 === 0 ? null : String(30 + (i % 7)),
        hs_lastmodifieddate: iso(asOf - DAY),
      },
    });
    const add = (type: (typeof HISTORY_TYPES)[number], n: number, props: (k: number) => Record<string, string | null>) => {
      const ids: string[] = [];
      for (let k = 0; k < n; k++) {
        const oid = `${type.slice(0, 2)}${i}-${k}`;
        objects.get(type)!.set(oid, { id: oid, properties: props(k) });
        ids.push(oid);
      }
      links.get(type)!.set(id, ids);
    };
    const at = (k: number) => asOf - ((i + k * 13) % 120) * DAY;
    add('meetings', 2, (k) => ({ hs_meeting_start_time: iso(at(k)), hs_meeting_end_time: iso(at(k) + 45 * 60_000) }));
    add('calls', 2, (k) => ({ hs_timestamp: iso(at(k)), hs_call_duration: String(600_000 * (k + 1)) }));
    add('emails', 2, (k) => ({ hs_timestamp: iso(at(k)) }));
    add('notes', 2, (k) => ({ hs_timestamp: iso(at(k)) }));
    add('tickets', 2, (k) => ({ createdate: iso(at(k)), hs_pipeline_stage: (i + k) % 3 === 0 ? '1' : '4', hs_ticket_priority: k === 0 ? 'HIGH' : 'LOW' }));
    // Every tenth company won a deal ten days ago: it gets a handoff checklist.
    add('deals', 1, () => ({ dealname: `Deal ${i}`, amount: String(10_000 + i), closedate: iso(asOf - (i % 10 === 0 ? 10 : 400) * DAY), dealstage: i % 10 === 0 ? 'closedwon' : 'appointmentscheduled', hubspot_owner_id: '5' }));
  }
  return { objects, links };
}

const PIPELINES: Record<string, unknown> = {
  tickets: { results: [{ id: '0', label: 'Support', stages: [{ id: '1', metadata: { ticketState: 'OPEN' } }, { id: '4', metadata: { ticketState: 'CLOSED' } }] }] },
  deals: { results: [{ id: 'default', label: 'Sales', stages: [{ id: 'appointmentscheduled', metadata: { isClosed: 'false', probability: '0.2' } }, { id: 'closedwon', metadata: { isClosed: 'true', probability: '1.0' } }] }] },
};

const COMPANY_PROPERTIES = [
  ['name', 'string'],
  ['industry', 'enumeration'],
  ['annualrevenue', 'number'],
  ['numberofemployees', 'number'],
  ['hubspot_owner_id', 'enumeration'],
  ['hs_lastmodifieddate', 'datetime'],
  ['annual_contract_value', 'number'],
  ['contract_end_date', 'date'],
  ['feature_usage_pct', 'number'],
  ['last_login_date', 'datetime'],
  ['account_nps', 'number'],
  ['csm_owner_id', 'enumeration'],
].map(([name, type]) => ({ name: name!, label: name!, type: type!, fieldType: 'text', groupName: 'companyinformation', options: [] as unknown[] }));

export interface PortalOptions {
  /** Keep every request in `requests` (tests). Default true; the scale benchmarks turn it off. */
  logRequests?: boolean;
  /** Answer every request 401, as HubSpot does for a revoked token. */
  refuseToken?: boolean;
  /** Called with each request before it is answered (a test may kill its caller right then). */
  onRequest?: (request: PortalRequest) => void;
}

export function createPortal(companies: number, asOf: number, options: PortalOptions = {}): Portal {
  const { objects, links } = generate(companies, asOf);
  const groups: Record<string, string[]> = { companies: ['companyinformation'], tasks: ['taskinformation'] };
  const properties: Record<string, { name: string }[]> = { companies: [...COMPANY_PROPERTIES], tasks: [] };
  let nextTask = 1;

  const pick = (o: Obj, names: readonly string[]): Obj => ({ id: o.id, properties: Object.fromEntries(names.map((n) => [n, o.properties[n] ?? null])) });

  function route(method: string, path: string, query: URLSearchParams, body: any): [number, unknown] {
    let m: RegExpMatchArray | null;
    if (method === 'GET' && (m = path.match(/^\/crm\/v3\/properties\/(\w+)\/groups$/))) return [200, { results: groups[m[1]!]!.map((name) => ({ name, label: name })) }];
    if (method === 'POST' && (m = path.match(/^\/crm\/v3\/properties\/(\w+)\/groups$/))) {
      groups[m[1]!]!.push(body.name);
      return [201, { name: body.name, label: body.label }];
    }
    if (method === 'GET' && (m = path.match(/^\/crm\/v3\/properties\/(\w+)$/))) return [200, { results: properties[m[1]!] }];
    if (method === 'POST' && (m = path.match(/^\/crm\/v3\/properties\/(\w+)\/batch\/create$/))) {
      properties[m[1]!]!.push(...body.inputs);
      return [201, { status: 'COMPLETE', results: body.inputs }];
    }
    if (method === 'GET' && (m = path.match(/^\/crm\/v3\/pipelines\/(\w+)$/))) return [200, PIPELINES[m[1]!]];
    if (method === 'GET' && path === '/crm/v3/objects/companies') {
      const limit = Number(query.get('limit'));
      if (limit > 100) return [400, { status: 'error', message: 'limit over 100' }];
      const all = [...objects.get('companies')!.values()];
      const after = Number(query.get('after') ?? 0);
      const names = (query.get('properties') ?? '').split(',');
      const page = all.slice(after, after + limit).map((o) => pick(o, names));
      return [200, { results: page, ...(after + limit < all.length ? { paging: { next: { after: String(after + limit) } } } : {}) }];
    }
    if (method === 'POST' && (m = path.match(/^\/crm\/v4\/associations\/companies\/(\w+)\/batch\/read$/))) {
      if (body.inputs.length > 1000) return [400, { status: 'error', message: 'over 1,000 inputs' }];
      const linked = links.get(m[1]!)!;
      const results = body.inputs.filter((i: { id: string }) => linked.has(i.id)).map((i: { id: string }) => ({ from: { id: i.id }, to: linked.get(i.id)!.map((toObjectId) => ({ toObjectId, associationTypes: [] })) }));
      return [200, { status: 'COMPLETE', results }];
    }
    if (method === 'POST' && (m = path.match(/^\/crm\/v4\/associations\/(\w+)\/companies\/batch\/read$/))) {
      // The other way round (e.g. a webhook's deal to its company).
      const ids = new Set(body.inputs.map((i: { id: string }) => i.id));
      const to = new Map<string, string[]>();
      for (const [companyId, linked] of links.get(m[1]! as (typeof HISTORY_TYPES)[number]) ?? []) {
        for (const id of linked) if (ids.has(id)) to.set(id, [...(to.get(id) ?? []), companyId]);
      }
      return [200, { status: 'COMPLETE', results: [...to].map(([id, list]) => ({ from: { id }, to: list.map((toObjectId) => ({ toObjectId, associationTypes: [] })) })) }];
    }
    if (method === 'POST' && (m = path.match(/^\/crm\/v3\/objects\/(\w+)\/batch\/(read|update|create)$/))) {
      if (body.inputs.length > 100) return [400, { status: 'error', message: 'over 100 inputs' }];
      const store = objects.get(m[1]!)!;
      if (m[2] === 'read') return [200, { status: 'COMPLETE', results: body.inputs.flatMap((i: { id: string }) => (store.has(i.id) ? [pick(store.get(i.id)!, body.properties)] : [])) }];
      if (m[2] === 'update') {
        // As in HubSpot, a write moves the record's modification time.
        for (const i of body.inputs) Object.assign(store.get(i.id)!.properties, i.properties, { hs_lastmodifieddate: new Date().toISOString() });
        return [200, { status: 'COMPLETE', results: body.inputs.map((i: { id: string }) => ({ id: i.id, properties: {} })) }];
      }
      const created = body.inputs.map((i: { properties: Record<string, string> }) => ({ id: String(nextTask++), properties: { ...i.properties, hs_createdate: new Date().toISOString() } }));
      for (const c of created) store.set(c.id, c);
      return [201, { status: 'COMPLETE', results: created }];
    }
    if (method === 'POST' && (m = path.match(/^\/crm\/v3\/objects\/(\w+)\/search$/)) && m[1] !== 'tasks') {
      // Incremental reads: modified at or after the filter's time, oldest first, 200 a page.
      const since = Number(body.filterGroups[0].filters[0].value);
      const hits = [...objects.get(m[1]!)!.values()]
        .map((o) => ({ o, at: Date.parse(o.properties.hs_lastmodifieddate ?? '') }))
        .filter((h) => h.at >= since)
        .sort((a, b) => a.at - b.at || (a.o.id < b.o.id ? -1 : 1));
      const after = Number(body.after ?? 0);
      const page = hits.slice(after, after + body.limit).map((h) => pick(h.o, body.properties));
      return [200, { total: hits.length, results: page, ...(after + body.limit < hits.length ? { paging: { next: { after: String(after + body.limit) } } } : {}) }];
    }
    if (method === 'POST' && path === '/crm/v3/objects/tasks/search') {
      const filter = body.filterGroups[0].filters[0];
      if (filter.values.length > 100) return [400, { status: 'error', message: 'over 100 values' }];
      const keys = new Set(filter.values);
      const hits = [...objects.get('tasks')!.values()].filter((t) => keys.has(t.properties.crm_pulse_task_key));
      return [200, { total: hits.length, results: hits.map((t) => pick(t, body.properties)) }];
    }
    return [404, { status: 'error', message: `the fake portal has no ${method} ${path}` }];
  }

  const requests: PortalRequest[] = [];
  return {
    objects,
    requests,
    handle(method, url, body) {
      const request = { method, path: url.pathname, body };
      if (options.logRequests !== false) requests.push(request);
      options.onRequest?.(request);
      if (options.refuseToken) return [401, { status: 'error', message: 'Authentication credentials not found.', category: 'INVALID_AUTHENTICATION' }];
      return route(method, url.pathname, url.searchParams, body);
    },
  };
}

export async function startFakePortal(companies: number, asOf: number, options: PortalOptions = {}): Promise<FakePortal> {
  const portal = createPortal(companies, asOf, options);
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake');
      const text = Buffer.concat(chunks).toString('utf8');
      const [status, answer] = portal.handle(req.method ?? 'GET', url, text ? JSON.parse(text) : null);
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, portal, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
