// Sealing secrets with AES-256-GCM: round trip, fresh IVs, tamper detection, context binding and
// key rotation (old keys open and say which key they are under; an old key seals only when asked).
import { describe, expect, it } from 'vitest';
import { Keyring, UnsealError } from '../../src/store/crypto.ts';

const key1 = Keyring.generateKey();
const key2 = Keyring.generateKey();

function unsealError(fn: () => unknown): UnsealError {
  try {
    fn();
  } catch (error) {
    if (error instanceof UnsealError) return error;
    throw error;
  }
  throw new Error('expected an UnsealError');
}

// Flips one bit of a base64url part of a sealed value.
function flip(sealed: string, part: number): string {
  const parts = sealed.split('.');
  const bytes = Buffer.from(parts[part]!, 'base64url');
  bytes[0] = bytes[0]! ^ 1;
  parts[part] = bytes.toString('base64url');
  return parts.join('.');
}

describe('Keyring', () => {
  it('opens what it sealed, with a fresh IV every time and no plaintext in the output', () => {
    const ring = new Keyring(key1);
    const a = ring.seal('{"accessToken":"pat-na1-secret"}', 'connection:c1');
    const b = ring.seal('{"accessToken":"pat-na1-secret"}', 'connection:c1');
    expect(a).not.toBe(b);
    expect(a).not.toContain('secret');
    expect(a.split('.')).toHaveLength(5);
    expect(a.split('.')[1]).toBe(ring.currentKeyId);
    expect(ring.open(a, 'connection:c1')).toEqual({ plaintext: '{"accessToken":"pat-na1-secret"}', keyId: ring.currentKeyId });
  });

  it('detects a changed ciphertext, tag or IV', () => {
    const ring = new Keyring(key1);
    const sealed = ring.seal('refresh-token-value', 'connection:c1');
    for (const part of [2, 3, 4]) {
      expect(unsealError(() => ring.open(flip(sealed, part), 'connection:c1')).reason).toBe('tampered');
    }
  });

  it('does not open a value sealed for another record', () => {
    const ring = new Keyring(key1);
    const sealed = ring.seal('token', 'connection:c1');
    const error = unsealError(() => ring.open(sealed, 'connection:c2'));
    expect(error.reason).toBe('tampered');
    expect(error.message).not.toContain('token');
  });

  it('opens values sealed under an old key and names it; a key id swapped in the header fails', () => {
    const old = new Keyring(key1);
    const sealed = old.seal('token', 'ctx');
    const rotated = new Keyring(key2, [key1]);
    expect(rotated.oldKeyIds).toEqual([old.currentKeyId]);
    expect(rotated.open(sealed, 'ctx')).toEqual({ plaintext: 'token', keyId: old.currentKeyId });
    expect(Keyring.sealedKeyId(sealed)).toBe(old.currentKeyId);
    expect(rotated.open(rotated.seal('token', 'ctx'), 'ctx').keyId).toBe(rotated.currentKeyId);
    // Relabelled as sealed under the current key: the key id is authenticated data.
    const relabelled = sealed.replace(old.currentKeyId, rotated.currentKeyId);
    expect(unsealError(() => rotated.open(relabelled, 'ctx')).reason).toBe('tampered');
  });

  it('seals under an old key only when asked, so a process on the old key alone still opens the value', () => {
    const rotated = new Keyring(key2, [key1]);
    const kept = rotated.seal('token', 'ctx', Keyring.keyId(key1));
    expect(new Keyring(key1).open(kept, 'ctx')).toEqual({ plaintext: 'token', keyId: Keyring.keyId(key1) });
    expect(rotated.has(Keyring.keyId(key1))).toBe(true);
    expect(() => new Keyring(key2).seal('token', 'ctx', Keyring.keyId(key1))).toThrow(/not in this keyring/);
    expect(Keyring.sealedKeyId('plain text')).toBeNull();
  });

  it('names a key it does not have, and malformed input, without echoing secrets', () => {
    const sealed = new Keyring(key1).seal('token', 'ctx');
    const error = unsealError(() => new Keyring(key2).open(sealed, 'ctx'));
    expect(error.reason).toBe('unknown_key');
    expect(error.keyId).toBe(Keyring.keyId(key1));
    expect(error.message).toContain('CRM_PULSE_ENCRYPTION_KEYS_OLD');
    expect(error.message).not.toContain(key1.toString('base64'));
    expect(unsealError(() => new Keyring(key1).open('plain text', 'ctx')).reason).toBe('malformed');
    expect(unsealError(() => new Keyring(key1).open(`v1.${Keyring.keyId(key1)}.AAAA.AAAA.AAAA`, 'ctx')).reason).toBe('malformed');
  });

  it('key ids are stable and distinct; keys must be 32 bytes', () => {
    expect(Keyring.keyId(key1)).toBe(Keyring.keyId(Buffer.from(key1)));
    expect(Keyring.keyId(key1)).not.toBe(Keyring.keyId(key2));
    expect(Keyring.keyId(key1)).toMatch(/^[0-9a-f]{16}$/);
    expect(() => new Keyring(Buffer.alloc(16))).toThrow(/32 bytes/);
  });
});
