// The connectors' DefinitionCache (connectors/definitions.ts) in Redis: one hash per connection,
// name -> { savedAt, value } as JSON. The connector decides what is fresh enough and checks the
// value's shape; here an entry that is not JSON of that envelope reads as absent.
import { z } from 'zod';
import type { DefinitionCache, SavedDefinition } from '../connectors/index.ts';
import type { Keys } from './keys.ts';
import { parseStored, type RedisClient } from './redis.ts';

const SavedSchema = z.object({ savedAt: z.number(), value: z.unknown() });

export class RedisDefinitionCache implements DefinitionCache {
  readonly #redis: RedisClient;
  readonly #keys: Keys;

  constructor(redis: RedisClient, keys: Keys) {
    this.#redis = redis;
    this.#keys = keys;
  }

  async get(connectionId: string, name: string): Promise<SavedDefinition | null> {
    const raw = await this.#redis.hget(this.#keys.definitions(connectionId), name);
    const parsed = raw == null ? null : parseStored(SavedSchema, raw);
    return parsed?.ok ? { savedAt: parsed.value.savedAt, value: parsed.value.value } : null;
  }

  async set(connectionId: string, name: string, saved: SavedDefinition): Promise<void> {
    await this.#redis.hset(this.#keys.definitions(connectionId), name, JSON.stringify(saved));
  }

  async clear(connectionId: string): Promise<void> {
    await this.#redis.del(this.#keys.definitions(connectionId));
  }
}
