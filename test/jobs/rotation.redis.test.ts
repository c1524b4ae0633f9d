// Key rotation end to end: credentials stored under one CRM_PULSE_ENCRYPTION_KEY still open once
// the new key is current and the old one in CRM_PULSE_ENCRYPTION_KEYS_OLD; a cycle runs with them
// and leaves them under the old key, so a worker not yet given the new key keeps working, until
// `reseal` (`crm-pulse keys rotate`) moves them; without the old key, the run stops naming the fix.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCycle } from '../../src/cli/run.ts';
import { createStore, Keyring } from '../../src/store/index.ts';
import { KEY_A, KEY_B } from '../http/server.ts';
import { MAPPING_FILE, quietIO, useHarness } from './harness.ts';

const h = useHarness();
const SECRET_TOKEN = 'pat-na1-stored-under-key-a';
const stored = { CRM_PULSE_CRM: '', HUBSPOT_ACCESS_TOKEN: '', CRM_PULSE_MAPPING: '' };

describe('encryption key rotation', () => {
  it('still decrypts credentials sealed under the old key, and leaves them there until rotated', async () => {
    const { auth } = h.portal(10);
    const before = await h.runtime({ ...stored, CRM_PULSE_ENCRYPTION_KEY: KEY_A });
    await before.store.connections.put({ id: 'hs-1', kind: 'hubspot', crmAccountId: '777', credentials: { accessToken: SECRET_TOKEN } });
    await before.store.mappings.put('hs-1', JSON.parse(readFileSync(MAPPING_FILE, 'utf8')));

    const without = await h.runtime({ ...stored, CRM_PULSE_ENCRYPTION_KEY: KEY_B });
    const refused = await runCycle(without, { connection: 'hs-1', full: false, dryRun: false }, quietIO());
    expect(refused.code).toBe(2);
    expect(refused.message).toContain('add the key it was sealed with to CRM_PULSE_ENCRYPTION_KEYS_OLD');

    const rotated = await h.runtime({ ...stored, CRM_PULSE_ENCRYPTION_KEY: KEY_B, CRM_PULSE_ENCRYPTION_KEYS_OLD: KEY_A });
    const sealed = await h.redis.get(before.store.keys.connection('hs-1'));
    const { code, summary } = await runCycle(rotated, { connection: 'hs-1', full: false, dryRun: false }, quietIO());
    expect(code).toBe(0);
    expect(summary!.counts.accountsScored).toBe(10);
    expect(new Set(auth)).toEqual(new Set([`Bearer ${SECRET_TOKEN}`]));

    expect(await h.redis.get(before.store.keys.connection('hs-1'))).toBe(sealed);
    // A worker still on the old key alone reads them, the cycle notwithstanding.
    const oldOnly = createStore({ redis: h.redis, prefix: h.prefix, keyring: new Keyring(Buffer.from(KEY_A, 'base64')) });
    expect((await oldOnly.connections.get('hs-1'))?.credentials).toEqual({ accessToken: SECRET_TOKEN });

    // Rotated: sealed under the new key alone.
    expect(await rotated.store.connections.reseal('hs-1')).toBe('resealed');
    const newOnly = createStore({ redis: h.redis, prefix: h.prefix, keyring: new Keyring(Buffer.from(KEY_B, 'base64')) });
    expect((await newOnly.connections.get('hs-1'))?.credentials).toEqual({ accessToken: SECRET_TOKEN });
  });
});
