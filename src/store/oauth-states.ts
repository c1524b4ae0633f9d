// The `state` of the OAuth install flow: an unguessable value handed to the CRM's consent page
// and checked when the user comes back, against CSRF. Each state is used once (GETDEL) and
// expires after a TTL. The install link needs no sign-in, so creating states is bounded: per
// client address per minute, and in live states altogether; a refusal costs one script call and
// stores nothing. The in-memory twin serves HTTP unit tests without Redis.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { CRM_KINDS, RetryableError } from '../model/index.ts';
import { ConnectionIdSchema, type Keys } from './keys.ts';
import { parseStored, Script, exec, type RedisClient } from './redis.ts';

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

export interface OAuthStateOptions {
  /** How long a state stays valid. Default 10 minutes. */
  ttlMs?: number;
  /** States one client address may create per minute (CRM_PULSE_OAUTH_STATES_PER_MINUTE). Default 10. */
  perClientPerMinute?: number;
  /** States alive at once, every client together (CRM_PULSE_OAUTH_STATES_MAX). Default 1,000. */
  maxLive?: number;
  /** Clock. Default Date.now. */
  now?: () => number;
}

const WINDOW_MS = 60_000;

// 32 random bytes in base64url: the only shape create() makes, checked before any lookup.
const STATE_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export interface OAuthStateStore {
  /** A new unguessable state holding `data`; throws RetryableError TOO_MANY_INSTALLS or INSTALLS_BUSY (with its wait) past a limit. */
  create(data: NewOAuthState, client: string): Promise<string>;
  /** The state's data, once: an unknown, expired or already used state gives null. */
  take(state: string): Promise<OAuthState | null>;
}

function refusal(kind: 'client' | 'total', waitMs: number): RetryableError {
  const wait = `try again in ${Math.ceil(waitMs / 1000)} s`;
  return kind === 'client'
    ? new RetryableError('TOO_MANY_INSTALLS', `too many install links were opened from this address; ${wait}`, waitMs)
    : new RetryableError('INSTALLS_BUSY', `too many installs are under way at once; ${wait}`, waitMs);
}

// KEYS: the client's counter, the live states (zset: state -> expiry), the new state's key.
// ARGV: now, ttl, per-client limit, window, live limit, record, state.
// Returns {0} when stored, {1, wait} over the client's limit, {2, wait} at the live limit.
const CREATE = new Script(
  'oauthStateCreate',
  `local used = redis.call('INCR', KEYS[1])
if used == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[4]) end
if used > tonumber(ARGV[3]) then return {1, redis.call('PTTL', KEYS[1])} end
local now = tonumber(ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
if redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[5]) then
  local first = redis.call('ZRANGE', KEYS[2], 0, 0, 'WITHSCORES')
  return {2, tonumber(first[2]) - now}
end
redis.call('SET', KEYS[3], ARGV[6], 'PX', ARGV[2])
redis.call('ZADD', KEYS[2], now + tonumber(ARGV[2]), ARGV[7])
redis.call('PEXPIRE', KEYS[2], ARGV[2])
return {0}`,
);

export class RedisOAuthStateStore implements OAuthStateStore {
  readonly #redis: RedisClient;
  readonly #keys: Keys;
  readonly #o: Required<OAuthStateOptions>;

  constructor(redis: RedisClient, keys: Keys, options: OAuthStateOptions = {}) {
    this.#redis = redis;
    this.#keys = keys;
    this.#o = withDefaults(options);
  }

  async create(data: NewOAuthState, client: string): Promise<string> {
    const state = randomBytes(32).toString('base64url');
    const now = this.#o.now();
    const record = OAuthStateSchema.parse({ ...data, createdAt: now });
    const keys = [this.#keys.oauthRate(client), this.#keys.oauthStatesLive(), this.#keys.oauthState(state)];
    const [verdict, waitMs] = (await CREATE.run(this.#redis, keys, [now, this.#o.ttlMs, this.#o.perClientPerMinute, WINDOW_MS, this.#o.maxLive, JSON.stringify(record), state])) as [number, number?];
    if (verdict !== 0) throw refusal(verdict === 1 ? 'client' : 'total', Math.max(1_000, waitMs ?? WINDOW_MS));
    return state;
  }

  async take(state: string): Promise<OAuthState | null> {
    if (!STATE_SHAPE.test(state)) return null;
    const [raw] = (await exec(this.#redis.pipeline().getdel(this.#keys.oauthState(state)).zrem(this.#keys.oauthStatesLive(), state))) as [string | null, number];
    const parsed = raw === null ? null : parseStored(OAuthStateSchema, raw);
    return parsed?.ok ? parsed.value : null;
  }
}

export class MemoryOAuthStateStore implements OAuthStateStore {
  readonly #states = new Map<string, { record: OAuthState; expires: number }>();
  readonly #clients = new Map<string, { used: number; resets: number }>();
  readonly #o: Required<OAuthStateOptions>;

  constructor(options: OAuthStateOptions = {}) {
    this.#o = withDefaults(options);
  }

  async create(data: NewOAuthState, client: string): Promise<string> {
    const now = this.#o.now();
    const counter = this.#clients.get(client);
    const window = counter && counter.resets > now ? counter : { used: 0, resets: now + WINDOW_MS };
    window.used += 1;
    this.#clients.set(client, window);
    if (window.used > this.#o.perClientPerMinute) throw refusal('client', window.resets - now);
    for (const [key, s] of this.#states) if (s.expires <= now) this.#states.delete(key);
    if (this.#states.size >= this.#o.maxLive) throw refusal('total', Math.max(1_000, Math.min(...[...this.#states.values()].map((s) => s.expires)) - now));
    const state = randomBytes(32).toString('base64url');
    this.#states.set(state, { record: OAuthStateSchema.parse({ ...data, createdAt: now }), expires: now + this.#o.ttlMs });
    return state;
  }

  async take(state: string): Promise<OAuthState | null> {
    const found = this.#states.get(state);
    this.#states.delete(state);
    return found && found.expires > this.#o.now() ? found.record : null;
  }
}

function withDefaults(o: OAuthStateOptions): Required<OAuthStateOptions> {
  return { ttlMs: o.ttlMs ?? DEFAULT_OAUTH_STATE_TTL_MS, perClientPerMinute: o.perClientPerMinute ?? 10, maxLive: o.maxLive ?? 1_000, now: o.now ?? Date.now };
}
