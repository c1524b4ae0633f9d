// The `state` of the OAuth install flow: an unguessable value handed to the CRM's consent page
// and checked when the user comes back, against CSRF. Each state is used once (GETDEL) and
// expires after a TTL. The in-memory twin serves HTTP unit tests without Redis.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { CRM_KINDS } from '../model/index.ts';
import { ConnectionIdSchema, type Keys } from './keys.ts';
import { parseStored, type RedisClient } from './redis.ts';

/** Long enough to sign in and consent, short enough that a leaked URL soon stops working. */
export const DEFAULT_OAUTH_STATE_TTL_MS = 10 * 60_000;

export const OAuthStateSchema = z.object({
  crm: z.enum(CRM_KINDS),
  /** Set when an existing connection is being re-connected. */
  connectionId: ConnectionIdSchema.nullable(),
  /** Where to send the user once connected (a path of our own server). */
  returnTo: z.string().nullable(),
  /** Salesforce: the login domain the consent page is on (test.salesforce.com for a sandbox); the code is traded there. */
  loginUrl: z.url().optional(),
  createdAt: z.number(),
});
export type OAuthState = z.output<typeof OAuthStateSchema>;
export type NewOAuthState = Omit<OAuthState, 'createdAt'>;

// 32 random bytes in base64url: the only shape create() makes, checked before any lookup.
const STATE_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export interface OAuthStateStore {
  /** A new unguessable state holding `data`. */
  create(data: NewOAuthState): Promise<string>;
  /** The state's data, once: an unknown, expired or already used state gives null. */
  take(state: string): Promise<OAuthState | null>;
}

export class RedisOAuthStateStore implements OAuthStateStore {
  readonly #redis: RedisClient;
  readonly #keys: Keys;
  readonly #ttlMs: number;
  readonly #now: () => number;

  constructor(redis: RedisClient, keys: Keys, ttlMs = DEFAULT_OAUTH_STATE_TTL_MS, now: () => number = Date.now) {
    this.#redis = redis;
    this.#keys = keys;
    this.#ttlMs = ttlMs;
    this.#now = now;
  }

  async create(data: NewOAuthState): Promise<string> {
    const state = randomBytes(32).toString('base64url');
    const record = OAuthStateSchema.parse({ ...data, createdAt: this.#now() });
    await this.#redis.set(this.#keys.oauthState(state), JSON.stringify(record), 'PX', this.#ttlMs);
    return state;
  }

  async take(state: string): Promise<OAuthState | null> {
    if (!STATE_SHAPE.test(state)) return null;
    const raw = await this.#redis.getdel(this.#keys.oauthState(state));
    const parsed = raw === null ? null : parseStored(OAuthStateSchema, raw);
    return parsed?.ok ? parsed.value : null;
  }
}

export class MemoryOAuthStateStore implements OAuthStateStore {
  readonly #states = new Map<string, { record: OAuthState; expires: number }>();
  readonly #ttlMs: number;
  readonly #now: () => number;

  constructor(ttlMs = DEFAULT_OAUTH_STATE_TTL_MS, now: () => number = Date.now) {
    this.#ttlMs = ttlMs;
    this.#now = now;
  }

  async create(data: NewOAuthState): Promise<string> {
    const state = randomBytes(32).toString('base64url');
    const now = this.#now();
    this.#states.set(state, { record: OAuthStateSchema.parse({ ...data, createdAt: now }), expires: now + this.#ttlMs });
    return state;
  }

  async take(state: string): Promise<OAuthState | null> {
    const found = this.#states.get(state);
    this.#states.delete(state);
    return found && found.expires > this.#now() ? found.record : null;
  }
}
