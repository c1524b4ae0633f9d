// The admin API's write routes take a JSON body and nothing else: a form post, a body of another
// type, no body or an empty one is refused with the usual error shape, and nothing is stored or
// queued. (A form-encoded policy PUT once stored "" as the policy and stopped the connection.)
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MAPPING_FILE, useHarness } from '../jobs/harness.ts';
import { admin, SERVER_ENV, useServers } from './server.ts';

const h = useHarness();
const serve = useServers();

const POLICY = readFileSync(new URL('../../examples/policy.json', import.meta.url), 'utf8');
const POLICY_PATH = '/api/connections/hs-1/policy';

async function connected() {
  const rt = await h.runtime({ ...SERVER_ENV, CRM_PULSE_CRM: '', HUBSPOT_ACCESS_TOKEN: '', CRM_PULSE_MAPPING: '' });
  await rt.store.connections.put({ id: 'hs-1', kind: 'hubspot', crmAccountId: '12345', credentials: { accessToken: 'pat-x' } });
  await rt.store.mappings.put('hs-1', JSON.parse(readFileSync(MAPPING_FILE, 'utf8')));
  await rt.store.policies.put('hs-1', { health: { bands: { healthy: 85, watch: 65 } } });
  const unchanged = async () => {
    expect((await rt.store.policies.get('hs-1'))?.partial).toEqual({ health: { bands: { healthy: 85, watch: 65 } } });
    expect(await rt.store.mappings.get('hs-1')).toEqual(JSON.parse(readFileSync(MAPPING_FILE, 'utf8')));
    expect(await rt.queue.getJobs(['waiting', 'active', 'delayed'])).toEqual([]);
    expect((await rt.store.connections.get('hs-1'))?.status).toEqual({ state: 'active' });
  };
  return { rt, base: await serve(rt), unchanged };
}

const call = (base: string, method: string, path: string, headers: Record<string, string>, body?: string) => fetch(`${base}${path}`, { method, headers: { ...admin, ...headers }, body });
const error = async (res: Response) => ((await res.json()) as { error: { code: string; errors: string[] } }).error;

describe('admin write routes', () => {
  it('refuse a form-encoded policy (curl -d) with 415, keeping the stored policy and queueing nothing', async () => {
    const { base, unchanged } = await connected();
    const res = await call(base, 'PUT', POLICY_PATH, { 'content-type': 'application/x-www-form-urlencoded' }, POLICY);
    expect(res.status).toBe(415);
    expect(await error(res)).toEqual({ code: 'UNSUPPORTED_MEDIA_TYPE', errors: [expect.stringContaining('Content-Type: application/json')] });
    await unchanged();
  });

  it('refuse every other body type on every write route with 415', async () => {
    const { base, unchanged } = await connected();
    for (const [method, path] of [['PUT', POLICY_PATH], ['PUT', '/api/connections/hs-1/mapping'], ['POST', '/api/connections/hs-1/runs']] as const) {
      for (const type of ['application/x-www-form-urlencoded', 'text/plain', 'multipart/form-data; boundary=x']) {
        const res = await call(base, method, path, { 'content-type': type }, method === 'POST' ? 'mode=full' : POLICY);
        expect({ method, path, type, status: res.status, code: (await error(res)).code }).toEqual({ method, path, type, status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
      }
      // No Content-Type at all is not JSON either.
      expect((await fetch(`${base}${path}`, { method, headers: admin, body: new Blob([POLICY]) })).status).toBe(415);
    }
    await unchanged();
  });

  it('refuse a missing or empty body with 400 MISSING_BODY, a POST of a run included', async () => {
    const { base, unchanged } = await connected();
    for (const [method, path] of [['PUT', POLICY_PATH], ['PUT', '/api/connections/hs-1/mapping'], ['POST', '/api/connections/hs-1/runs']] as const) {
      for (const body of [undefined, '', '  \n']) {
        const res = await call(base, method, path, { 'content-type': 'application/json' }, body);
        expect({ path, body, status: res.status }).toEqual({ path, body, status: 400 });
        expect(await error(res)).toEqual({ code: 'MISSING_BODY', errors: [expect.stringContaining('the request has no body')] });
      }
      expect((await error(await call(base, method, path, {}))).code).toBe('MISSING_BODY');
    }
    const broken = await call(base, 'PUT', POLICY_PATH, { 'content-type': 'application/json' }, '{"health":');
    expect(broken.status).toBe(400);
    expect((await error(broken)).code).toBe('INVALID_JSON');
    await unchanged();
  });

  it('take JSON, with or without a charset, through the same validation', async () => {
    const { rt, base } = await connected();
    const res = await call(base, 'PUT', POLICY_PATH, { 'content-type': 'application/json; charset=utf-8' }, POLICY);
    expect(res.status).toBe(200);
    expect((await rt.store.policies.get('hs-1'))?.partial).toEqual(JSON.parse(POLICY));
    const notObject = await call(base, 'PUT', POLICY_PATH, { 'content-type': 'application/json' }, '"x"');
    expect(notObject.status).toBe(422);
    expect((await error(notObject)).code).toBe('BAD_POLICY');
    const run = await call(base, 'POST', '/api/connections/hs-1/runs', { 'content-type': 'application/json' }, '{}');
    expect(run.status).toBe(202);
  });

  it('the policy store refuses a missing policy instead of storing the defaults', async () => {
    const { rt } = await connected();
    await expect(rt.store.policies.put('hs-1', undefined)).rejects.toThrow(/missing/);
    expect((await rt.store.policies.get('hs-1'))?.partial).toEqual({ health: { bands: { healthy: 85, watch: 65 } } });
  });
});
