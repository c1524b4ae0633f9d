// Serves the crm-pulse app of a test's runtime on an ephemeral port, and signs requests the way
// HubSpot does (v3), for the HTTP tests. Servers close after each test.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach } from 'vitest';
import type { Runtime } from '../../src/cli/runtime.ts';
import { httpDeps } from '../../src/cli/serve.ts';
import { signV3 } from '../../src/connectors/hubspot/webhook.ts';
import { createApp } from '../../src/http/app.ts';
import type { HttpDeps } from '../../src/http/deps.ts';

export const PUBLIC_URL = 'https://pulse.example.test';
export const CLIENT_SECRET = 'hubspot-app-client-secret';
export const ADMIN_TOKEN = 'admin-token-0123456789abcdef';
export const KEY_A = Buffer.alloc(32, 1).toString('base64');
export const KEY_B = Buffer.alloc(32, 2).toString('base64');

/** Environment of a server that HubSpot can reach and an admin can use. */
export const SERVER_ENV = {
  CRM_PULSE_PUBLIC_URL: PUBLIC_URL,
  HUBSPOT_CLIENT_ID: 'client-id-1',
  HUBSPOT_CLIENT_SECRET: CLIENT_SECRET,
  CRM_PULSE_ADMIN_TOKEN: ADMIN_TOKEN,
  CRM_PULSE_ENCRYPTION_KEY: KEY_A,
};

export function useServers(): (rt: Runtime, overrides?: Partial<HttpDeps>) => Promise<string> {
  const servers: Server[] = [];
  afterEach(async () => {
    for (const s of servers.splice(0)) await new Promise((resolve) => s.close(resolve));
  });
  return async (rt, overrides = {}) => {
    const app = createApp({ ...httpDeps(rt), ...overrides });
    const server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    servers.push(server);
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  };
}

/** HubSpot's v3 headers for a request to `PUBLIC_URL + pathAndQuery` (signV3 is checked against hand-made signatures in the connector's tests). */
export function hubspotSigned(method: string, pathAndQuery: string, body = '', at = Date.now()): Record<string, string> {
  const timestamp = String(at);
  return { 'x-hubspot-signature-v3': signV3(CLIENT_SECRET, method, `${PUBLIC_URL}${pathAndQuery}`, body, timestamp), 'x-hubspot-request-timestamp': timestamp };
}

export const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };
