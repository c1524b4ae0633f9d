// Connections on the real Redis: sealed credentials, key rotation (reads and updates keep the
// key, `reseal` moves to the current one, compare-and-set against a refresh), corruption and tampering named, concurrent updates kept, delete forgetting everything, and the
// connectors' TokenStore on top.
import { describe, expect, it, vi } from 'vitest';
import { ConnectionError } from '../../src/model/errors.ts';
import { Keyring } from '../../src/store/crypto.ts';
import { keysUnder, useRedis } from './helpers.ts';

const ctx = useRedis();

const hubspot = { id: 'c1', kind: 'hubspot' as const, crmAccountId: '4711', credentials: { accessToken: 'access-secret-1', refreshToken: 'refresh-secret-1', expiresAt: 1_900_000_000_000 } };

/** The id of the key c1's credentials are sealed under, as stored. */
async function sealedUnder(): Promise<string> {
  return JSON.parse((await ctx.redis.get(ctx.keys.connection('c1')))!).credentials.split('.')[1];
}

async function rejection(promise: Promise<unknown>): Promise<ConnectionError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof ConnectionError)) throw new Error(`expected a ConnectionError, got ${String(error)}`);
  return error;
}

describe('RedisConnectionStore', () => {
  it('stores a connection with its credentials sealed, lists it without them', async () => {
    let now = 1000;
    const store = ctx.store({ now: () => now });
    const put = await store.connections.put({ ...hubspot, label: 'Acme portal' });
    expect(put).toMatchObject({ id: 'c1', kind: 'hubspot', label: 'Acme portal', crmAccountId: '4711', status: { state: 'active' }, createdAt: 1000, updatedAt: 1000 });
    const raw = await ctx.redis.get(ctx.keys.connection('c1'));
    expect(raw).not.toContain('secret');
    now = 2000;
    expect(await store.connections.get('c1')).toEqual(put);
    const listed = await store.connections.list();
    expect(listed).toEqual([{ id: 'c1', kind: 'hubspot', label: 'Acme portal', crmAccountId: '4711', status: { state: 'active' }, createdAt: 1000, updatedAt: 1000 }]);
    expect(JSON.stringify(listed)).not.toContain('secret');
    expect(await store.connections.get('missing')).toBeNull();
    expect(await store.connections.findByCrmAccount('hubspot', '4711')).toBe('c1');
    expect(await store.connections.findByCrmAccount('salesforce', '4711')).toBeNull();
    // Replacing keeps createdAt.
    const again = await store.connections.put({ ...hubspot, crmAccountId: '4712' });
    expect(again).toMatchObject({ createdAt: 1000, updatedAt: 2000, label: null });
    expect(await store.connections.findByCrmAccount('hubspot', '4711')).toBeNull();
    expect(await store.connections.findByCrmAccount('hubspot', '4712')).toBe('c1');
  });

  it('a read or a token refresh with both keys keeps the old key: a process on the old key alone still reads', async () => {
    const oldKey = Keyring.generateKey();
    const newKey = Keyring.generateKey();
    await ctx.store({ keyring: new Keyring(oldKey) }).connections.put(hubspot);
    const raw = () => ctx.redis.get(ctx.keys.connection('c1'));
    const before = await raw();

    const both = ctx.store({ keyring: new Keyring(newKey, [oldKey]) });
    expect((await both.connections.get('c1'))?.credentials).toEqual(hubspot.credentials);
    expect(await both.tokens.get('c1')).toMatchObject({ accessToken: 'access-secret-1' });
    expect(await raw()).toBe(before);

    await both.tokens.set('c1', { accessToken: 'access-2', refreshToken: 'refresh-2', expiresAt: 2_000_000_000_000, accountId: '4711' });
    expect(await sealedUnder()).toBe(Keyring.keyId(oldKey));
    const oldOnly = ctx.store({ keyring: new Keyring(oldKey) });
    expect((await oldOnly.connections.get('c1'))?.credentials.accessToken).toBe('access-2');
    expect(await both.connections.sealedWith()).toEqual([{ id: 'c1', keyId: Keyring.keyId(oldKey) }]);
  });

  it('reseal moves credentials to the current key once; a re-run changes nothing', async () => {
    const oldKey = Keyring.generateKey();
    const newKey = Keyring.generateKey();
    const put = await ctx.store({ keyring: new Keyring(oldKey) }).connections.put(hubspot);
    const both = ctx.store({ keyring: new Keyring(newKey, [oldKey]), now: () => put.updatedAt + 1000 });
    expect(await both.connections.reseal('c1')).toBe('resealed');
    expect(await sealedUnder()).toBe(Keyring.keyId(newKey));
    const after = await ctx.redis.get(ctx.keys.connection('c1'));
    expect(await both.connections.reseal('c1')).toBe('current');
    expect(await ctx.redis.get(ctx.keys.connection('c1'))).toBe(after);
    expect(await both.connections.reseal('missing')).toBe('absent');
    // The old key can now be retired.
    const newOnly = ctx.store({ keyring: new Keyring(newKey) });
    expect(await newOnly.connections.get('c1')).toEqual(put);
  });

  it('reseal keeps a token refresh stored between its read and its write', async () => {
    const oldKey = Keyring.generateKey();
    const newKey = Keyring.generateKey();
    await ctx.store({ keyring: new Keyring(oldKey) }).connections.put(hubspot);
    const refresher = ctx.store({ keyring: new Keyring(oldKey) });
    const client = ctx.redis.duplicate();
    try {
      const realGet = client.get.bind(client);
      // The refresh lands right after reseal has read the record, before it writes.
      vi.spyOn(client, 'get').mockImplementationOnce(async (key) => {
        const raw = await realGet(key);
        await refresher.tokens.set('c1', { accessToken: 'access-2', refreshToken: 'refresh-2', expiresAt: 2_000_000_000_000, accountId: '4711' });
        return raw;
      });
      const rotating = ctx.store({ redis: client, keyring: new Keyring(newKey, [oldKey]) });
      expect(await rotating.connections.reseal('c1')).toBe('resealed');
    } finally {
      await client.quit();
    }
    expect(await sealedUnder()).toBe(Keyring.keyId(newKey));
    const newOnly = ctx.store({ keyring: new Keyring(newKey) });
    expect((await newOnly.connections.get('c1'))?.credentials).toMatchObject({ accessToken: 'access-2', refreshToken: 'refresh-2' });
  });

  it('names a missing key and tampering as CREDENTIALS_UNREADABLE without echoing secrets', async () => {
    const oldKey = Keyring.generateKey();
    await ctx.store({ keyring: new Keyring(oldKey) }).connections.put(hubspot);
    const error = await rejection(ctx.store().connections.get('c1'));
    expect(error.code).toBe('CREDENTIALS_UNREADABLE');
    expect(error.message).toContain(Keyring.keyId(oldKey));
    expect(error.message).toContain('CRM_PULSE_ENCRYPTION_KEYS_OLD');

    const store = ctx.store({ keyring: new Keyring(oldKey) });
    const key = ctx.keys.connection('c1');
    const record = JSON.parse((await ctx.redis.get(key))!);
    const parts = record.credentials.split('.');
    parts[4] = Buffer.from('{"accessToken":"forged"}').toString('base64url');
    await ctx.redis.set(key, JSON.stringify({ ...record, credentials: parts.join('.') }));
    const tampered = await rejection(store.connections.get('c1'));
    expect(tampered.code).toBe('CREDENTIALS_UNREADABLE');
    expect(tampered.message).toMatch(/fails authentication/);
    expect(tampered.message).not.toMatch(/secret|forged/);
  });

  it('does not open credentials copied onto another connection', async () => {
    const store = ctx.store();
    await store.connections.put(hubspot);
    await store.connections.put({ ...hubspot, id: 'c2', crmAccountId: '99', credentials: { accessToken: 'other' } });
    const one = JSON.parse((await ctx.redis.get(ctx.keys.connection('c1')))!);
    const two = JSON.parse((await ctx.redis.get(ctx.keys.connection('c2')))!);
    await ctx.redis.set(ctx.keys.connection('c2'), JSON.stringify({ ...two, credentials: one.credentials }));
    expect((await rejection(store.connections.get('c2'))).code).toBe('CREDENTIALS_UNREADABLE');
  });

  it('names a corrupt record, and leaves it out of the list', async () => {
    const store = ctx.store();
    await store.connections.put(hubspot);
    await store.connections.put({ ...hubspot, id: 'c2', crmAccountId: null });
    await ctx.redis.set(ctx.keys.connection('c2'), '{"v":1,"id":"c2"');
    const error = await rejection(store.connections.get('c2'));
    expect(error.code).toBe('CORRUPT_CONNECTION');
    expect(error.message).toContain('is not JSON');
    expect((await store.connections.list()).map((c) => c.id)).toEqual(['c1']);
  });

  it('keeps every concurrent update (compare-and-set)', async () => {
    const store = ctx.store();
    await store.connections.put(hubspot);
    await Promise.all([
      ...Array.from({ length: 5 }, (_, i) =>
        store.connections.update('c1', (c) => ({ credentials: { ...c.credentials, accessToken: `${c.credentials.accessToken}+${i}` } })),
      ),
      store.connections.update('c1', { status: { state: 'paused', reason: 'daily API budget spent', until: 5000 } }),
      store.connections.update('c1', { label: 'renamed' }),
    ]);
    const after = await store.connections.get('c1');
    expect(after?.status).toEqual({ state: 'paused', reason: 'daily API budget spent', until: 5000 });
    expect(after?.label).toBe('renamed');
    expect(after?.credentials.accessToken?.split('+').slice(1).sort()).toEqual(['0', '1', '2', '3', '4']);
    expect(after?.credentials.refreshToken).toBe('refresh-secret-1');
    expect((await rejection(store.connections.update('nope', { label: 'x' }))).code).toBe('NOT_CONNECTED');
  });

  it('validates what it stores', async () => {
    const store = ctx.store();
    await expect(store.connections.put({ ...hubspot, id: 'has:colon' })).rejects.toThrow(/letters, digits/);
    await expect(store.connections.put({ ...hubspot, credentials: { instanceUrl: 'not a url' } })).rejects.toThrow();
    await store.connections.put(hubspot);
    await expect(store.connections.update('c1', { status: { state: 'paused' } as never })).rejects.toThrow(/reason/);
    expect((await store.connections.get('c1'))?.status).toEqual({ state: 'active' });
  });

  it('delete forgets the connection and everything stored under it', async () => {
    const store = ctx.store();
    await store.connections.put(hubspot);
    await store.connections.put({ ...hubspot, id: 'c2', crmAccountId: '99' });
    await store.checkpoints.set('c1', 'accounts', { after: 'x' });
    await store.written.setMany('c1', [{ accountId: 'a1', values: { healthScore: 50 } }]);
    await store.checkpoints.set('c2', 'accounts', { after: 'y' });
    expect(await store.connections.delete('c1')).toBe(true);
    expect(await store.connections.delete('c1')).toBe(false);
    expect(await store.connections.get('c1')).toBeNull();
    expect(await store.connections.findByCrmAccount('hubspot', '4711')).toBeNull();
    expect(await keysUnder(ctx)).toEqual(['conn:c2', 'conn:c2:checkpoints', 'connections', 'connections:crm-accounts']);
  });

  it('without an encryption key lists connections and sets their status, but refuses credentials', async () => {
    await ctx.store().connections.put(hubspot);
    const keyless = ctx.store({ keyring: null, now: () => 7000 });
    expect((await keyless.connections.list()).map((c) => c.id)).toEqual(['c1']);
    const error = await rejection(keyless.connections.get('c1'));
    expect(error.code).toBe('NO_ENCRYPTION_KEY');
    expect(error.message).toContain('openssl rand -base64 32');
    // Unreadable credentials are a reason to stop the connection, so stopping must not need them.
    const stopped = { state: 'stopped' as const, code: 'NO_ENCRYPTION_KEY', message: error.message, at: 7000 };
    expect(await keyless.connections.setStatus('c1', stopped)).toMatchObject({ id: 'c1', status: stopped, updatedAt: 7000 });
    expect((await keyless.connections.list())[0]?.status).toEqual(stopped);
    expect((await rejection(keyless.connections.setStatus('nope', { state: 'active' }))).code).toBe('NOT_CONNECTED');
  });
});

describe('ConnectionTokenStore', () => {
  it('reads and refreshes OAuth tokens on a connection, keeping its other credentials', async () => {
    const store = ctx.store();
    await store.connections.put({ ...hubspot, credentials: { ...hubspot.credentials, instanceUrl: 'https://x.my.salesforce.com' } });
    expect(await store.tokens.get('c1')).toEqual({ accessToken: 'access-secret-1', refreshToken: 'refresh-secret-1', expiresAt: 1_900_000_000_000, accountId: '4711', instanceUrl: 'https://x.my.salesforce.com' });
    await store.tokens.set('c1', { accessToken: 'access-2', refreshToken: 'refresh-2', expiresAt: 2_000_000_000_000, accountId: null });
    const after = await store.connections.get('c1');
    expect(after?.credentials).toEqual({ accessToken: 'access-2', refreshToken: 'refresh-2', expiresAt: 2_000_000_000_000, instanceUrl: 'https://x.my.salesforce.com' });
    expect(after?.crmAccountId).toBe('4711');
  });

  it('moves a Salesforce connection to the instance URL a refresh names', async () => {
    const store = ctx.store();
    await store.connections.put({ id: 'sf', kind: 'salesforce', crmAccountId: '00Dorg', credentials: { accessToken: 'a1', refreshToken: 'r1', expiresAt: 1, instanceUrl: 'https://old.my.salesforce.com', loginUrl: 'https://test.salesforce.com' } });
    await store.tokens.set('sf', { accessToken: 'a2', refreshToken: 'r1', expiresAt: 2, accountId: '00Dorg', instanceUrl: 'https://new.my.salesforce.com' });
    expect((await store.connections.get('sf'))?.credentials).toEqual({ accessToken: 'a2', refreshToken: 'r1', expiresAt: 2, instanceUrl: 'https://new.my.salesforce.com', loginUrl: 'https://test.salesforce.com' });
  });

  it('has no tokens for a private-app connection, and does not resurrect a deleted one', async () => {
    const store = ctx.store();
    await store.connections.put({ id: 'pat', kind: 'hubspot', credentials: { accessToken: 'pat-na1-x' } });
    expect(await store.tokens.get('pat')).toBeNull();
    expect(await store.tokens.get('gone')).toBeNull();
    const error = await rejection(store.tokens.set('gone', { accessToken: 'a', refreshToken: 'r', expiresAt: 1 }));
    expect(error.code).toBe('NOT_CONNECTED');
    expect(await store.connections.list()).toHaveLength(1);
  });
});
