// Admin console sessions: a signed-in browser holds a random session id in a cookie; Redis holds,
// under a digest of that id, the session's CSRF token, with a TTL renewed on every request (the
// idle timeout). One-time sign-in tokens (the demo's sign-in link) live beside them: taken once
// (GETDEL), then gone.
import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Keys } from './keys.ts';
import { parseStored, type RedisClient } from './redis.ts';

const SessionSchema = z.object({ csrf: z.string().min(1), createdAt: z.number() }).strict();
export type ConsoleSession = z.output<typeof SessionSchema>;

export interface SessionStore {
  /** A new session; the id goes in the cookie and nowhere else. */
  create(idleMs: number): Promise<{ id: string; session: ConsoleSession }>;
  /** The session, its idle timeout started again; null when unknown or timed out. */
  touch(id: string, idleMs: number): Promise<ConsoleSession | null>;
  delete(id: string): Promise<void>;
  /** A token a sign-in link carries, valid once within `ttlMs`. */
  createSignIn(ttlMs: number): Promise<string>;
  /** True once for a live token; false for an unknown, used or expired one. */
  consumeSignIn(token: string): Promise<boolean>;
}

const digest = (id: string) => createHash('sha256').update(id, 'utf8').digest('base64url');
const newId = () => randomBytes(32).toString('base64url');

export class RedisSessionStore implements SessionStore {
  readonly #redis: RedisClient;
  readonly #keys: Keys;
  readonly #now: () => number;

  constructor(redis: RedisClient, keys: Keys, now: () => number = Date.now) {
    this.#redis = redis;
    this.#keys = keys;
    this.#now = now;
  }

  async create(idleMs: number): Promise<{ id: string; session: ConsoleSession }> {
    const id = newId();
    const session: ConsoleSession = { csrf: newId(), createdAt: this.#now() };
    await this.#redis.set(this.#keys.consoleSession(digest(id)), JSON.stringify(session), 'PX', idleMs);
    return { id, session };
  }

  async touch(id: string, idleMs: number): Promise<ConsoleSession | null> {
    const key = this.#keys.consoleSession(digest(id));
    const raw = await this.#redis.get(key);
    const parsed = raw === null ? null : parseStored(SessionSchema, raw);
    if (!parsed?.ok) return null;
    await this.#redis.pexpire(key, idleMs);
    return parsed.value;
  }

  async delete(id: string): Promise<void> {
    await this.#redis.del(this.#keys.consoleSession(digest(id)));
  }

  async createSignIn(ttlMs: number): Promise<string> {
    const token = newId();
    await this.#redis.set(this.#keys.consoleSignIn(digest(token)), '1', 'PX', ttlMs);
    return token;
  }

  async consumeSignIn(token: string): Promise<boolean> {
    return (await this.#redis.getdel(this.#keys.consoleSignIn(digest(token)))) === '1';
  }
}
