// A connection's scoring policy. The admin's partial policy is what is kept (so a later change
// of the defaults reaches every connection that did not override it) and it is resolved over the
// defaults with resolvePolicy both when stored and when read.
import { PolicyError, resolvePolicy, type Policy } from '../model/index.ts';
import type { Keys } from './keys.ts';
import type { RedisClient } from './redis.ts';

export interface StoredPolicy {
  /** The admin's partial policy, as stored. */
  partial: Record<string, unknown>;
  /** The partial merged over the defaults and validated: what scoring uses. */
  policy: Policy;
}

export interface PolicyStore {
  /** The stored policy, or null when none is (use the defaults). Throws PolicyError when it no longer validates. */
  get(connectionId: string): Promise<StoredPolicy | null>;
  /** Validates and stores a partial policy; throws PolicyError naming every problem. */
  put(connectionId: string, partial: unknown): Promise<StoredPolicy>;
  delete(connectionId: string): Promise<void>;
}

export class RedisPolicyStore implements PolicyStore {
  readonly #redis: RedisClient;
  readonly #keys: Keys;

  constructor(redis: RedisClient, keys: Keys) {
    this.#redis = redis;
    this.#keys = keys;
  }

  async get(connectionId: string): Promise<StoredPolicy | null> {
    const raw = await this.#redis.get(this.#keys.policy(connectionId));
    if (raw === null) return null;
    const source = `the stored policy of connection ${connectionId}`;
    let partial: unknown;
    try {
      partial = JSON.parse(raw);
    } catch {
      throw new PolicyError(['(root): is not JSON; store the policy again'], source);
    }
    return resolved(partial, source);
  }

  async put(connectionId: string, partial: unknown): Promise<StoredPolicy> {
    // resolvePolicy reads a missing policy as the defaults: stored, "nothing was sent" would reset every setting.
    if (partial === undefined) throw new PolicyError(['(root): missing; send the partial policy as a JSON object'], 'policy');
    const stored = resolved(partial, 'policy');
    await this.#redis.set(this.#keys.policy(connectionId), JSON.stringify(stored.partial));
    return stored;
  }

  async delete(connectionId: string): Promise<void> {
    await this.#redis.del(this.#keys.policy(connectionId));
  }
}

function resolved(partial: unknown, source: string): StoredPolicy {
  // resolvePolicy refuses anything but a JSON object, so the cast below only names what it checked.
  const policy = resolvePolicy(partial, source);
  return { partial: partial as Record<string, unknown>, policy };
}
