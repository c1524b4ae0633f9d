// How the store parts talk to Redis: pipelines whose first failure is thrown (ioredis resolves
// them with per-command errors), Lua scripts registered once per client so pipelines send only
// their SHA, deleting by pattern with SCAN, and zod parsing of what comes back.
import type { ChainableCommander, Redis } from 'ioredis';
import type { z } from 'zod';

export type RedisClient = Redis;
type Arg = string | number;

/** The store builds its own prefixed keys; an ioredis `keyPrefix` would prefix them twice. */
export function checkClient(redis: RedisClient): RedisClient {
  if (redis.options.keyPrefix) throw new RangeError('give the store a Redis client without keyPrefix: keys are prefixed with CRM_PULSE_REDIS_PREFIX by the store');
  return redis;
}

/** Runs a pipeline and returns each command's result, throwing the first command error. */
export async function exec(pipeline: ChainableCommander): Promise<unknown[]> {
  const replies = (await pipeline.exec()) ?? [];
  return replies.map(([error, result]) => {
    if (error) throw error;
    return result;
  });
}

type ScriptFn = (...args: Arg[]) => Promise<unknown>;

/** A Lua script run with EVALSHA (ioredis loads it again after a Redis restart or failover). */
export class Script {
  readonly #name: string;
  readonly #lua: string;

  constructor(name: string, lua: string) {
    // A distinctive name: the client may be shared with BullMQ, which defines its own commands.
    this.#name = `crmPulse_${name}`;
    this.#lua = lua;
  }

  /** Must happen before `redis.pipeline()` for the pipeline to know the script. */
  register(redis: RedisClient): void {
    if (!(this.#name in redis)) redis.defineCommand(this.#name, { lua: this.#lua });
  }

  run(redis: RedisClient, keys: readonly string[], args: readonly Arg[]): Promise<unknown> {
    this.register(redis);
    return this.#fn(redis)(keys.length, ...keys, ...args);
  }

  /** Queues a call on a pipeline of a client the script is registered on. */
  queue(pipeline: ChainableCommander, keys: readonly string[], args: readonly Arg[]): void {
    void this.#fn(pipeline)(keys.length, ...keys, ...args);
  }

  #fn(target: RedisClient | ChainableCommander): ScriptFn {
    // defineCommand adds a method ioredis's types cannot know about.
    const fn = (target as unknown as Record<string, ScriptFn | undefined>)[this.#name];
    if (!fn) throw new Error(`Lua script ${this.#name} is not registered on this client`);
    return fn.bind(target);
  }
}

/** Deletes every key matching a MATCH pattern, a SCAN page at a time (never KEYS). */
export async function deleteMatching(redis: RedisClient, pattern: string): Promise<number> {
  let cursor = '0';
  let deleted = 0;
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
    cursor = next;
    if (keys.length > 0) deleted += await redis.unlink(...keys);
  } while (cursor !== '0');
  return deleted;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: string };

/** JSON text from Redis checked against a schema; the problem is described, never thrown. */
export function parseStored<S extends z.ZodType>(schema: S, raw: string): Parsed<z.output<S>> {
  let doc: unknown;
  try {
    doc = JSON.parse(raw);
  } catch {
    return { ok: false, problem: 'is not JSON' };
  }
  const parsed = schema.safeParse(doc);
  if (parsed.success) return { ok: true, value: parsed.data };
  const first = parsed.error.issues[0];
  return { ok: false, problem: first ? `${first.path.join('.') || '(root)'}: ${first.message}` : 'does not match its schema' };
}
