// The admin console's door: the admin token is exchanged for a session cookie (HttpOnly,
// SameSite=Strict, Secure behind HTTPS), writes need the session's CSRF token, sessions end when
// idle and at sign-out, a sign-in link works once; pause and resume through the console and the API.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MAPPING_FILE, useHarness } from '../jobs/harness.ts';
import { ADMIN_TOKEN, admin, SERVER_ENV, useServers } from './server.ts';

const h = useHarness();
const serve = useServers();

async function connected(idleMs?: number) {
  const rt = await h.runtime({ ...SERVER_ENV, CRM_PULSE_CRM: '', HUBSPOT_ACCESS_TOKEN: '', CRM_PULSE_MAPPING: '' });
  await rt.store.connections.put({ id: 'hs-1', kind: 'hubspot', crmAccountId: '12345', credentials: { accessToken: 'pat-x' } });
  await rt.store.mappings.put('hs-1', JSON.parse(readFileSync(MAPPING_FILE, 'utf8')));
  return { rt, base: await serve(rt, idleMs === undefined ? {} : { consoleIdleMs: idleMs }) };
}

const form = (fields: Record<string, string>) => ({ 'content-type': 'application/x-www-form-urlencoded', body: new URLSearchParams(fields).toString() });

async function signIn(base: string, headers: Record<string, string> = {}) {
  const { body, ...type } = form({ token: ADMIN_TOKEN });
  const res = await fetch(`${base}/admin/sign-in`, { method: 'POST', headers: { ...type, ...headers }, body, redirect: 'manual' });
  const setCookie = res.headers.get('set-cookie') ?? '';
  const cookie = setCookie.split(';')[0]!;
  const home = await fetch(`${base}/admin`, { headers: { cookie } });
  const html = await home.text();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
  return { res, setCookie, cookie, html, csrf };
}

describe('admin console sign-in', () => {
  it('exchanges the admin token for an HttpOnly, SameSite=Strict session cookie; the token is in no page', async () => {
    const { base } = await connected();
    expect((await fetch(`${base}/admin`, { redirect: 'manual' })).headers.get('location')).toBe('/admin/sign-in');
    const s = await signIn(base);
    expect(s.res.status).toBe(303);
    expect(s.setCookie).toMatch(/HttpOnly/);
    expect(s.setCookie).toMatch(/SameSite=Strict/);
    expect(s.setCookie).not.toMatch(/Secure/);
    expect(s.html).toContain('hs-1');
    expect(s.html).not.toContain(ADMIN_TOKEN);
    expect(s.csrf).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    const wrong = await fetch(`${base}/admin/sign-in`, { method: 'POST', ...form({ token: 'not-the-token-0000' }), headers: form({}) });
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).toContain('That is not the admin token.');
  });

  it('marks the cookie Secure behind an HTTPS proxy', async () => {
    const { base } = await connected();
    expect((await signIn(base, { 'x-forwarded-proto': 'https' })).setCookie).toMatch(/; Secure/);
  });

  it('refuses a write without the CSRF token, and takes it with the token', async () => {
    const { rt, base } = await connected();
    const { cookie, csrf } = await signIn(base);
    const { body, ...type } = form({});
    const refused = await fetch(`${base}/admin/c/hs-1/pause`, { method: 'POST', headers: { ...type, cookie }, body, redirect: 'manual' });
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain('CSRF');
    expect((await rt.store.connections.get('hs-1'))?.status).toEqual({ state: 'active' });
    const ok = await fetch(`${base}/admin/c/hs-1/pause`, { method: 'POST', headers: { ...type, cookie }, body: new URLSearchParams({ _csrf: csrf }).toString(), redirect: 'manual' });
    expect(ok.status).toBe(303);
    expect((await rt.store.connections.get('hs-1'))?.status).toEqual({ state: 'paused', reason: 'paused by an admin', until: null });
    const resumed = await fetch(`${base}/admin/c/hs-1/resume`, { method: 'POST', headers: { ...type, cookie, 'x-csrf-token': csrf }, body: '', redirect: 'manual' });
    expect(resumed.status).toBe(303);
    expect((await rt.store.connections.get('hs-1'))?.status).toEqual({ state: 'active' });
  });

  it('ends the session after the idle timeout and at sign-out', async () => {
    const { base } = await connected(300);
    const a = await signIn(base);
    await new Promise((r) => setTimeout(r, 450));
    expect((await fetch(`${base}/admin`, { headers: { cookie: a.cookie }, redirect: 'manual' })).status).toBe(303);
    const { base: base2 } = await connected();
    const b = await signIn(base2);
    const { body: _b, ...type } = form({});
    const out = await fetch(`${base2}/admin/sign-out`, { method: 'POST', headers: { ...type, cookie: b.cookie }, body: new URLSearchParams({ _csrf: b.csrf }).toString(), redirect: 'manual' });
    expect(out.status).toBe(303);
    expect(out.headers.get('set-cookie')).toMatch(/Max-Age=0/);
    expect((await fetch(`${base2}/admin`, { headers: { cookie: b.cookie }, redirect: 'manual' })).headers.get('location')).toBe('/admin/sign-in');
  });

  it('takes a sign-in link once', async () => {
    const { rt, base } = await connected();
    const t = await rt.store.sessions.createSignIn(60_000);
    const first = await fetch(`${base}/admin/sign-in/link?t=${t}`, { redirect: 'manual' });
    expect(first.status).toBe(303);
    expect(first.headers.get('set-cookie')).toMatch(/crm_pulse_session=/);
    const again = await fetch(`${base}/admin/sign-in/link?t=${t}`, { redirect: 'manual' });
    expect(again.status).toBe(400);
    expect(again.headers.get('set-cookie')).toBeNull();
  });
});

describe('pause and resume through the admin API', () => {
  it('pauses until resumed; the environment connection cannot be paused', async () => {
    const { rt, base } = await connected();
    const json = { ...admin, 'content-type': 'application/json' };
    const paused = await fetch(`${base}/api/connections/hs-1/pause`, { method: 'POST', headers: json, body: '{}' });
    expect(paused.status).toBe(200);
    expect((await rt.store.connections.get('hs-1'))?.status).toEqual({ state: 'paused', reason: 'paused by an admin', until: null });
    expect((await fetch(`${base}/api/connections/hs-1/resume`, { method: 'POST', headers: json, body: '{}' })).status).toBe(200);
    expect((await rt.store.connections.get('hs-1'))?.status).toEqual({ state: 'active' });
  });
});

describe('console pages', () => {
  it('say back what was done only in their own words, and send htmx to sign in when the session has ended', async () => {
    const { base } = await connected();
    const { cookie } = await signIn(base);
    const page = await (await fetch(`${base}/admin?done=paused&c=hs-1`, { headers: { cookie } })).text();
    expect(page).toContain('hs-1 paused: scheduled runs wait until it is resumed');
    const crafted = await (await fetch(`${base}/admin?done=${encodeURIComponent('Your token expired, paste it at evil.example')}&c=hs-1`, { headers: { cookie } })).text();
    expect(crafted).not.toContain('evil.example');
    const htmx = await fetch(`${base}/admin/c/hs-1/policy`, { headers: { 'hx-request': 'true' }, redirect: 'manual' });
    expect(htmx.status).toBe(401);
    expect(htmx.headers.get('hx-redirect')).toBe('/admin/sign-in');
  });
});
