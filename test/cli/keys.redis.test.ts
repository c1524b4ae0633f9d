// `crm-pulse keys status` and `keys rotate` through the real bin, as an operator runs them midway
// through a rotation (new key current, old key in CRM_PULSE_ENCRYPTION_KEYS_OLD): status names the
// key of each connection by key id, never the key; rotate moves what it can to the new key, names
// what it cannot, and changes nothing when run again; after it, the new key alone reads everything.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createStore, Keyring } from '../../src/store/index.ts';
import { KEY_A, KEY_B } from '../http/server.ts';
import { useHarness } from '../jobs/harness.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = join(root, 'bin/crm-pulse.js');
const h = useHarness();

const keyOf = (base64: string) => Buffer.from(base64, 'base64');
const ID_A = Keyring.keyId(keyOf(KEY_A));
const ID_B = Keyring.keyId(keyOf(KEY_B));
const tokens = { accessToken: 'access-secret', refreshToken: 'refresh-secret', expiresAt: 1_900_000_000_000 };

function keysEnv(keys: Record<string, string>): Record<string, string> {
  return { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', CRM_PULSE_REDIS_PREFIX: h.prefix, ...keys };
}
const midway = () => keysEnv({ CRM_PULSE_ENCRYPTION_KEY: KEY_B, CRM_PULSE_ENCRYPTION_KEYS_OLD: KEY_A });

function run(args: string[], vars: Record<string, string>): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawn(process.execPath, [bin, 'keys', ...args], { cwd: root, env: vars });
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, out, err })));
}

const store = (current: string, old: string[] = []) => createStore({ redis: h.redis, prefix: h.prefix, keyring: new Keyring(keyOf(current), old.map(keyOf)) });
const raw = (id: string) => h.redis.get(store(KEY_B).keys.connection(id));

describe('crm-pulse keys', () => {
  it('status names each connection\'s key; rotate moves them to the current key, once', async () => {
    const onA = store(KEY_A);
    await onA.connections.put({ id: 'hs-1', kind: 'hubspot', crmAccountId: '1', credentials: tokens });
    await onA.connections.put({ id: 'sf-2', kind: 'salesforce', crmAccountId: '00D2', credentials: { ...tokens, instanceUrl: 'https://x.my.salesforce.com' } });
    // Sealed under a key this deployment never had: nothing can move it.
    await store(Keyring.generateKey().toString('base64')).connections.put({ id: 'lost-3', kind: 'hubspot', crmAccountId: '3', credentials: tokens });

    const before = await run(['status'], midway());
    expect(before.err).toBe('');
    expect(before.code).toBe(1);
    expect(before.out).toContain(`Current key: ${ID_B} (CRM_PULSE_ENCRYPTION_KEY)`);
    expect(before.out).toContain(`Old keys:    ${ID_A} (CRM_PULSE_ENCRYPTION_KEYS_OLD)`);
    expect(before.out).toMatch(new RegExp(`hs-1 +${ID_A}  old key: run \`crm-pulse keys rotate\``));
    expect(before.out).toMatch(/lost-3 +[0-9a-f]{16}  unknown key/);
    expect(before.out).toContain('0 of 3 connections under the current key.');
    for (const secret of [KEY_A, KEY_B, 'access-secret']) expect(before.out).not.toContain(secret);

    const rotated = await run(['rotate'], midway());
    expect(rotated.code).toBe(1);
    expect(rotated.out).toContain(`hs-1: re-sealed under ${ID_B}`);
    expect(rotated.out).toMatch(/lost-3: not re-sealed \(.*CRM_PULSE_ENCRYPTION_KEYS_OLD/);
    expect(rotated.out).toContain('2 re-sealed, 0 already under the current key, 1 failed.');
    const sealed = [await raw('hs-1'), await raw('sf-2')];

    // Safe to run again: what is under the current key is left as it is.
    const again = await run(['rotate', '--json'], midway());
    expect(JSON.parse(again.out)).toEqual({
      currentKey: ID_B,
      connections: [
        { id: 'hs-1', outcome: 'current' },
        { id: 'sf-2', outcome: 'current' },
        { id: 'lost-3', outcome: 'failed', message: expect.stringContaining('cannot be decrypted') },
      ],
    });
    expect([await raw('hs-1'), await raw('sf-2')]).toEqual(sealed);

    await store(KEY_B).connections.delete('lost-3');
    const after = await run(['status', '--json'], midway());
    expect(after.code).toBe(0);
    expect(JSON.parse(after.out)).toEqual({
      currentKey: ID_B,
      oldKeys: [ID_A],
      connections: [
        { id: 'hs-1', key: ID_B, state: 'current' },
        { id: 'sf-2', key: ID_B, state: 'current' },
      ],
    });
    // The old key can go.
    const newOnly = store(KEY_B);
    expect((await newOnly.connections.get('hs-1'))?.credentials).toEqual(tokens);
    expect((await newOnly.connections.get('sf-2'))?.credentials.instanceUrl).toBe('https://x.my.salesforce.com');
    expect((await run(['status'], keysEnv({ CRM_PULSE_ENCRYPTION_KEY: KEY_B }))).out).toContain('2 of 2 connections under the current key: the old keys can be dropped.');
  }, 60_000);

  it('needs CRM_PULSE_ENCRYPTION_KEY', async () => {
    for (const command of ['status', 'rotate']) {
      const r = await run([command], keysEnv({}));
      expect(r.code).toBe(2);
      expect(r.err).toBe(`crm-pulse keys ${command}: CRM_PULSE_ENCRYPTION_KEY is not set; it names the key to seal credentials under\n`);
    }
  }, 30_000);
});
