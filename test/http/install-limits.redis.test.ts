// The install links need no sign-in, and each visit stores an OAuth state: their making is
// bounded per client address per minute and in live states altogether. A refusal is a 429 with
// Retry-After in the usual error shape, and stores nothing. (3,000 visits once made 3,000 keys.)
import { describe, expect, it } from 'vitest';
import { useHarness } from '../jobs/harness.ts';
import { SERVER_ENV, useServers } from './server.ts';

const h = useHarness();
const serve = useServers();
const SF_ENV = { SALESFORCE_CLIENT_ID: 'sf-consumer-key', SALESFORCE_CLIENT_SECRET: 'sf-consumer-secret-value' };

async function stateKeys(): Promise<number> {
  let [cursor, count] = ['0', 0];
  do {
    const [next, keys] = await h.redis.scan(cursor, 'MATCH', `${h.prefix}:oauth-state:*`, 'COUNT', 1000);
    cursor = next;
    count += keys.length;
  } while (cursor !== '0');
  return count;
}

const install = (base: string, path: string, from: string) => fetch(`${base}${path}`, { redirect: 'manual', headers: { 'x-forwarded-for': from } });

describe('install links', () => {
  it('refuse a client past CRM_PULSE_OAUTH_STATES_PER_MINUTE with 429 and Retry-After, over both CRMs, storing nothing more', async () => {
    const rt = await h.runtime({ ...SERVER_ENV, ...SF_ENV, CRM_PULSE_CRM: '', HUBSPOT_ACCESS_TOKEN: '', CRM_PULSE_OAUTH_STATES_PER_MINUTE: '3' });
    const base = await serve(rt);
    for (const path of ['/install/hubspot', '/install/salesforce', '/install/hubspot']) expect((await install(base, path, '198.51.100.7')).status).toBe(302);
    for (let i = 0; i < 20; i++) {
      const res = await install(base, i % 2 ? '/install/salesforce' : '/install/hubspot', '198.51.100.7');
      expect(res.status).toBe(429);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(Number(res.headers.get('retry-after'))).toBeLessThanOrEqual(60);
      expect(await res.json()).toEqual({ error: { code: 'TOO_MANY_INSTALLS', errors: [expect.stringContaining('try again in')] } });
    }
    expect(await stateKeys()).toBe(3);
    // Another address is not held back by this one.
    expect((await install(base, '/install/hubspot', '198.51.100.8')).status).toBe(302);
  });

  it('refuse everyone once CRM_PULSE_OAUTH_STATES_MAX states are live, until one is used', async () => {
    const rt = await h.runtime({ ...SERVER_ENV, CRM_PULSE_CRM: '', HUBSPOT_ACCESS_TOKEN: '', CRM_PULSE_OAUTH_STATES_MAX: '5' });
    const base = await serve(rt);
    const states: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await install(base, '/install/hubspot', `192.0.2.${i}`);
      expect(res.status).toBe(302);
      states.push(new URL(res.headers.get('location')!).searchParams.get('state')!);
    }
    const busy = await install(base, '/install/hubspot', '192.0.2.99');
    expect(busy.status).toBe(429);
    expect(Number(busy.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await busy.json()) as unknown).toEqual({ error: { code: 'INSTALLS_BUSY', errors: [expect.stringContaining('too many installs')] } });
    expect(await stateKeys()).toBe(5);

    // A state the callback uses frees its place.
    expect(await rt.store.oauthStates.take(states[0]!)).not.toBeNull();
    expect((await install(base, '/install/hubspot', '192.0.2.99')).status).toBe(302);
  });
});
