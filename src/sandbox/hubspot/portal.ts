// The sandbox HubSpot portal: its records (seed.ts) behind the dated routes the connector uses
// (versions.ts; the retired undated ones are refused), with HubSpot's rules, the admin's
// validation rules, an access token, and optionally HubSpot's rate limits (limits.ts). Served over
// HTTP by server.ts; tests may also answer requests through nock with `handle`.
import { randomUUID } from 'node:crypto';
import type { PortfolioOptions } from '../portfolio.ts';
import type { SandboxAnswer, SandboxModel, SandboxRequest } from '../model.ts';
import { dispatch } from '../router.ts';
import { Traffic } from '../traffic.ts';
import { hsError, notFound } from './errors.ts';
import { HubSpotLimits, type HubSpotLimitsInput } from './limits.ts';
import { associationRoutes } from './routes-associations.ts';
import { objectRoutes } from './routes-objects.ts';
import { schemaRoutes } from './routes-schema.ts';
import { searchRoutes } from './routes-search.ts';
import { seedPortal } from './seed.ts';
import { createState, type Obj, type ObjectType } from './state.ts';
import type { ValidationRule } from './validation-rules.ts';
import { retired } from './versions.ts';

/** One request the portal answered. */
export interface PortalRequest {
  method: string;
  path: string;
  body: unknown;
  /** The status answered, once answered. */
  status?: number;
}

export interface PortalOptions extends Partial<Pick<PortfolioOptions, 'seed' | 'shape' | 'activitiesPerAccount' | 'historyYears' | 'past'>> {
  /** HubSpot's rate limits, enforced; default: not enforced (tests that pace the client themselves). */
  limits?: HubSpotLimitsInput;
  /** The only bearer token accepted; default: any. */
  accessToken?: string;
  /** The portal (hub) id. Default 4242001. */
  portalId?: number;
  /** Keep every request in `requests`. Default true; scale runs turn it off. */
  logRequests?: boolean;
  /** Answer every request 401, as HubSpot does for a revoked token. */
  refuseToken?: boolean;
  /** Called with each request before it is answered (a test may kill its caller right then). */
  onRequest?: (request: PortalRequest) => void;
  /** The portal's clock: what writes stamp on hs_lastmodifieddate. */
  now?: () => number;
  /** The admin's validation rules, enforced on writes through API version 2026-09. Default none. */
  validationRules?: readonly ValidationRule[];
}

export interface Portal extends SandboxModel {
  readonly portalId: number;
  /** Records by type (`companies`, `tasks`, `meetings`, ...) and id; tests read them. */
  readonly objects: Map<string, Map<string, Obj>>;
  /** Every request answered, in order (unless `logRequests` is false). */
  readonly requests: PortalRequest[];
  /** Requests answered by route (`POST /crm/objects/2026-09/companies/search`), whatever the status, kept whatever `logRequests` says. */
  readonly counts: Map<string, number>;
  /** Successful calls by route with the records they carried. */
  readonly traffic: Traffic;
  /** The enforced limits, or null. */
  readonly limits: HubSpotLimits | null;
  /** The admin's validation rules; a test may add one between runs. */
  readonly validationRules: ValidationRule[];
  /** Answers one request: [status, JSON body] (tests answering through nock; `answer` has the headers). */
  handle(method: string, url: URL, body: unknown, headers?: Readonly<Record<string, string | undefined>>): [number, unknown];
  /** Ids of the `toType` records associated with a record. */
  linked(fromType: ObjectType, id: string, toType: ObjectType): readonly string[];
  /** A user's edit: sets properties and moves hs_lastmodifieddate, as HubSpot does. */
  edit(type: ObjectType, id: string, properties: Record<string, string | null>): void;
  /**
   * Moves every record's hs_lastmodifieddate `ms` back: time passing, for the benchmarks, so the
   * next cycle finds only what changes from now on (as a cycle a schedule starts later would).
   */
  age(ms: number): void;
  /** A record added in HubSpot's UI, associated with a company; its id. */
  add(type: ObjectType, properties: Record<string, string | null>, companyId: string): string;
}

/** Records a call carried: a batch's inputs, else a page's results. */
function itemsOf(body: unknown, answer: unknown): number {
  const inputs = (body as { inputs?: unknown } | null)?.inputs;
  if (Array.isArray(inputs)) return inputs.length;
  const results = (answer as { results?: unknown } | null)?.results;
  return Array.isArray(results) ? results.length : 0;
}

const hasAfter = (body: unknown) => typeof (body as { after?: unknown } | null)?.after === 'string';

const routeLabel = (method: string, path: string) => `${method} ${path.replace(/\/\d+(?=\/|$)/g, '/{id}')}`;

export function createPortal(accounts: number, asOf: number, options: PortalOptions = {}): Portal {
  const now = options.now ?? Date.now;
  const state = createState();
  state.rules.push(...(options.validationRules ?? []));
  seedPortal(state, { accounts, asOf, seed: options.seed ?? 1, shape: options.shape, activitiesPerAccount: options.activitiesPerAccount, historyYears: options.historyYears, past: options.past });
  const routes = [...objectRoutes(state, now), ...searchRoutes(state), ...associationRoutes(state, now), ...schemaRoutes(state, now)];
  const limits = options.limits ? new HubSpotLimits(options.limits) : null;
  const refusals = limits ?? new HubSpotLimits({});
  const requests: PortalRequest[] = [];
  const counts = new Map<string, number>();
  const traffic = new Traffic();

  function answer(req: SandboxRequest): SandboxAnswer {
    const path = req.url.pathname;
    const logged: PortalRequest = { method: req.method, path, body: req.body };
    if (options.logRequests !== false) requests.push(logged);
    const label = routeLabel(req.method, path);
    counts.set(label, (counts.get(label) ?? 0) + 1);
    options.onRequest?.(logged);
    const a = respond(req, path);
    logged.status = a.status;
    // Anything but a read may have changed records (a write, a create, an association).
    if (req.method !== 'GET' && !/\/(search|batch\/read)$/.test(path)) state.revision++;
    if (a.status < 300) traffic.add(`${req.method} ${path}`, itemsOf(req.body, a.body), !req.url.searchParams.has('after') && !hasAfter(req.body));
    return a;
  }

  function respond(req: SandboxRequest, path: string): SandboxAnswer {
    const token = req.headers.authorization?.replace(/^Bearer /, '');
    if (options.refuseToken || (options.accessToken !== undefined && token !== options.accessToken)) {
      return hsError(401, 'INVALID_AUTHENTICATION', 'Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview');
    }
    let headers: Record<string, string> = {};
    if (limits) {
      const taken = limits.take(now(), path.endsWith('/search') ? 'search' : 'api');
      if (!taken.ok) return taken.answer;
      headers = taken.headers;
    }
    const a = retired(req.method, path) ?? dispatch(routes, req) ?? notFound(`The sandbox portal has no ${req.method} ${path} (it serves the routes crm-pulse uses)`);
    return { ...a, headers: { ...headers, ...a.headers } };
  }

  return {
    portalId: options.portalId ?? 4_242_001,
    objects: state.objects,
    requests,
    counts,
    traffic,
    limits,
    validationRules: state.rules,
    answer,
    throttled: () => refusals.refusal(now(), 'TEN_SECONDLY_ROLLING', 'api'),
    unavailable(_req, status) {
      if (status === 500) return { status, body: { status: 'error', message: 'internal error', correlationId: randomUUID(), category: 'INTERNAL_ERROR' } };
      return { status, body: `<html><body><h1>${status} ${status === 502 ? 'Bad Gateway' : 'Service Unavailable'}</h1></body></html>`, headers: { 'content-type': 'text/html' } };
    },
    handle(method, url, body, headers = {}) {
      const a = answer({ method, url, headers, body });
      return [a.status, a.body];
    },
    linked: (fromType, id, toType) => state.associations.get(fromType, id, toType),
    edit(type, id, properties) {
      const o = state.objects.get(type)?.get(id);
      if (!o) throw new Error(`the sandbox portal has no ${type} ${id}`);
      Object.assign(o.properties, properties, { hs_lastmodifieddate: new Date(now()).toISOString() });
      state.revision++;
    },
    age(ms) {
      for (const records of state.objects.values()) {
        for (const o of records.values()) {
          const at = o.properties.hs_lastmodifieddate;
          if (at) o.properties.hs_lastmodifieddate = new Date(Date.parse(at) - ms).toISOString();
        }
      }
      state.revision++;
    },
    add(type, properties, companyId) {
      const id = state.newId();
      const stamp = new Date(now()).toISOString();
      state.objects.get(type)!.set(id, { id, properties: { ...properties, hs_object_id: id, hs_createdate: stamp, hs_lastmodifieddate: stamp } });
      state.associations.add(type, id, 'companies', companyId);
      state.revision++;
      return id;
    },
  };
}
