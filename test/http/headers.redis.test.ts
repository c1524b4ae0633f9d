// Security headers (helmet) on every kind of answer the server gives: JSON, errors, redirects,
// HTML pages and the HubSpot record card, which keeps answering signed requests.
import { describe, expect, it } from 'vitest';
import { useHarness } from '../jobs/harness.ts';
import { hubspotSigned, SERVER_ENV, useServers } from './server.ts';

const h = useHarness();
const serve = useServers();

function expectSecurityHeaders(res: Response): void {
  const csp = res.headers.get('content-security-policy') ?? '';
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain("script-src 'self'");
  expect(csp).toContain("object-src 'none'");
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
  expect(res.headers.get('strict-transport-security')).toMatch(/^max-age=\d+/);
  expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  expect(res.headers.get('x-powered-by')).toBeNull();
}

describe('security headers', () => {
  it('come with JSON answers, errors, the install redirect and the record card', async () => {
    const rt = await h.runtime({ ...SERVER_ENV, CRM_PULSE_CRM: '', HUBSPOT_ACCESS_TOKEN: '' });
    const base = await serve(rt);
    const healthz = await fetch(`${base}/healthz`);
    expect(healthz.status).toBe(200);
    expectSecurityHeaders(healthz);
    expectSecurityHeaders(await fetch(`${base}/no-such-route`));
    const unauthorized = await fetch(`${base}/api/connections`);
    expect(unauthorized.status).toBe(401);
    expectSecurityHeaders(unauthorized);

    const install = await fetch(`${base}/install/hubspot`, { redirect: 'manual' });
    expect(install.status).toBe(302);
    expectSecurityHeaders(install);

    // The card route still answers a signed request (this portal is not connected: 404 as designed).
    const path = '/hubspot/card?companyId=100000&portalId=999';
    const card = await fetch(`${base}${path}`, { headers: hubspotSigned('GET', path) });
    expect(await card.json()).toEqual({ error: { code: 'NOT_CONNECTED', errors: [expect.stringContaining('999')] } });
    expectSecurityHeaders(card);
  });
});
