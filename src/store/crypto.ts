// Secrets at rest: AES-256-GCM under CRM_PULSE_ENCRYPTION_KEY, with key rotation. A sealed value
// names the key it was sealed with (a key id derived from the key, never the key), so values
// sealed under a key now in CRM_PULSE_ENCRYPTION_KEYS_OLD still open. Opening never moves a value
// to the current key: a process still on the old key alone must keep reading it until every
// process knows both keys and `crm-pulse keys rotate` re-seals it. Each value is bound to a context
// (e.g. the connection id) as GCM associated data, so a sealed blob copied onto another record does not open.
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { ConnectionError } from '../model/index.ts';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export type UnsealReason = 'malformed' | 'unknown_key' | 'tampered';

/** A sealed value did not open; the message names the reason and the key id, never a secret. */
export class UnsealError extends ConnectionError {
  readonly reason: UnsealReason;
  readonly keyId: string | null;
  constructor(reason: UnsealReason, keyId: string | null, message: string) {
    super('CREDENTIALS_UNREADABLE', message);
    this.reason = reason;
    this.keyId = keyId;
  }
}

export interface Opened {
  plaintext: string;
  /** Id of the key it was sealed with: the current key's, or an old key's. */
  keyId: string;
}

const b64url = (buf: Buffer) => buf.toString('base64url');

export class Keyring {
  /** Id of the current key, as it appears in sealed values. */
  readonly currentKeyId: string;
  /** Ids of the old keys (CRM_PULSE_ENCRYPTION_KEYS_OLD), in their order. */
  readonly oldKeyIds: readonly string[];
  readonly #keys = new Map<string, Buffer>();

  /** `current` seals new values; each of `old` opens, and seals only values already under it. Every key is 32 bytes. */
  constructor(current: Buffer, old: readonly Buffer[] = []) {
    for (const key of [current, ...old]) {
      if (key.length !== 32) throw new RangeError('an AES-256-GCM key must be 32 bytes');
    }
    this.currentKeyId = Keyring.keyId(current);
    this.oldKeyIds = old.map((key) => Keyring.keyId(key)).filter((id) => id !== this.currentKeyId);
    for (const key of old) this.#keys.set(Keyring.keyId(key), key);
    this.#keys.set(this.currentKeyId, current);
  }

  /** A fresh random key (e.g. for `crm-pulse demo`). */
  static generateKey(): Buffer {
    return randomBytes(32);
  }

  /** 16 hex digits identifying a key; an HMAC of a constant, so it reveals nothing of the key. */
  static keyId(key: Buffer): string {
    return createHmac('sha256', key).update('crm-pulse key id').digest('hex').slice(0, 16);
  }

  /** The id of the key a sealed value names, without opening it; null when it is not a sealed value. */
  static sealedKeyId(sealed: string): string | null {
    const parts = sealed.split('.');
    return parts.length === 5 && parts[0] === VERSION && parts[1] ? parts[1] : null;
  }

  /** Whether this keyring holds the key with this id (current or old). */
  has(keyId: string): boolean {
    return this.#keys.has(keyId);
  }

  /**
   * `v1.<key id>.<iv>.<tag>.<ciphertext>`, base64url parts; a new random IV every call. Sealed under
   * the current key unless `keyId` names another key of this keyring (an update keeps a value's key).
   */
  seal(plaintext: string, context: string, keyId: string = this.currentKeyId): string {
    const key = this.#keys.get(keyId);
    if (!key) throw new RangeError(`key ${keyId} is not in this keyring`);
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(aad(keyId, context));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, keyId, b64url(iv), b64url(cipher.getAuthTag()), b64url(body)].join('.');
  }

  /** Opens a sealed value with whichever known key sealed it; throws UnsealError otherwise. */
  open(sealed: string, context: string): Opened {
    const parts = sealed.split('.');
    const [version, keyId, iv, tag, body] = parts;
    if (parts.length !== 5 || version !== VERSION || !keyId || iv === undefined || tag === undefined || body === undefined) {
      throw new UnsealError('malformed', null, `not a sealed value (expected ${VERSION}.<key id>.<iv>.<tag>.<ciphertext>)`);
    }
    const key = this.#keys.get(keyId);
    if (!key) {
      throw new UnsealError(
        'unknown_key',
        keyId,
        `sealed with key ${keyId}, which is neither CRM_PULSE_ENCRYPTION_KEY (${this.currentKeyId}) nor in CRM_PULSE_ENCRYPTION_KEYS_OLD`,
      );
    }
    const ivBytes = Buffer.from(iv, 'base64url');
    const tagBytes = Buffer.from(tag, 'base64url');
    if (ivBytes.length !== IV_BYTES || tagBytes.length !== TAG_BYTES) throw new UnsealError('malformed', keyId, 'the IV or authentication tag has the wrong length');
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, ivBytes, { authTagLength: TAG_BYTES });
      decipher.setAAD(aad(keyId, context));
      decipher.setAuthTag(tagBytes);
      const plaintext = Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
      return { plaintext, keyId };
    } catch {
      throw new UnsealError('tampered', keyId, `sealed with key ${keyId} but fails authentication: altered, or sealed for another record`);
    }
  }
}

// The key id is authenticated too, so editing the header cannot steer decryption.
function aad(keyId: string, context: string): Buffer {
  return Buffer.from(`crm-pulse|${VERSION}|${keyId}|${context}`, 'utf8');
}
