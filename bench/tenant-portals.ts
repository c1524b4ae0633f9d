// HubSpot portals for bench/tenants.ts, served by a sandbox process of their own. HubSpot serves
// each account on its own: a small portal's requests never queue behind 49 others' in one event
// loop. One sandbox process for every portal made each of the small connection's requests wait
// behind the big portals' (a cost of the bench, not of crm-pulse), so the bench runs the big
// portals and the small ones each in a process like this, behind a router that sends a request to
// the process holding its token's portal.
//
// Messages (IPC): in  { type: 'add', companies, seed, portalId, token, requestsPer10s }
//                 out { type: 'ready', url } once serving, { type: 'added', token },
//                     { type: 'write', token, at } at a portal's first companies write
//                     (`at`: epoch milliseconds, performance.timeOrigin + performance.now()).
import { createPortal, type Portal } from '../src/sandbox/hubspot/portal.ts';
import { serve } from '../src/sandbox/http-server.ts';
import type { SandboxModel, SandboxRequest } from '../src/sandbox/model.ts';
import { HUBSPOT_API_VERSIONS } from '../src/model/index.ts';

// The default HUBSPOT_API_VERSION's route: the bench leaves the variable unset.
const WRITE = `/crm/objects/${HUBSPOT_API_VERSIONS[0]}/companies/batch/update`;

export interface AddPortal {
  type: 'add';
  companies: number;
  seed: number;
  portalId: number;
  token: string;
  requestsPer10s: number;
}

export type PortalsMessage = { type: 'ready'; url: string } | { type: 'added'; token: string } | { type: 'write'; token: string; at: number };

/** The portals behind one server, told apart by their access tokens as HubSpot does. */
class Portals implements SandboxModel {
  readonly #byToken = new Map<string, Portal>();

  add(portal: Portal, token: string): void {
    this.#byToken.set(token, portal);
  }

  #portal(request: SandboxRequest): Portal {
    const portal = this.#byToken.get(request.headers.authorization?.replace(/^Bearer /, '') ?? '');
    if (!portal) throw new Error(`no sandbox portal has the token of ${request.method} ${request.url.pathname}`);
    return portal;
  }

  answer = (request: SandboxRequest) => this.#portal(request).answer(request);
  throttled = (request: SandboxRequest) => this.#portal(request).throttled(request);
  unavailable = (request: SandboxRequest, status: number) => this.#portal(request).unavailable(request, status);
}

const send = (m: PortalsMessage) => process.send!(m);

if (process.send) {
  const portals = new Portals();
  const server = await serve(portals);
  process.on('message', (m: AddPortal) => {
    if (m.type !== 'add') return;
    let written = false;
    const portal = createPortal(m.companies, Date.now(), {
      seed: m.seed,
      portalId: m.portalId,
      accessToken: m.token,
      logRequests: false,
      limits: { requestsPer10s: m.requestsPer10s, daily: 10_000_000 },
      onRequest: (r) => {
        if (r.path !== WRITE || written) return;
        written = true;
        send({ type: 'write', token: m.token, at: performance.timeOrigin + performance.now() });
      },
    });
    portals.add(portal, m.token);
    send({ type: 'added', token: m.token });
  });
  process.on('disconnect', () => void server.close().then(() => process.exit(0)));
  send({ type: 'ready', url: server.url });
}
