// A connection's field mapping, kept as JSON and checked with parseMapping both ways: a bad
// mapping is refused when stored, and one that no longer parses (edited in Redis, or a newer
// rule) stops the connection with every problem named instead of scoring with half a mapping.
import { parseMapping, type Mapping } from '../connectors/index.ts';
import { ConnectionError } from '../model/index.ts';
import type { Keys } from './keys.ts';
import type { RedisClient } from './redis.ts';

export interface MappingStore {
  /** The stored mapping, or null when none is. Throws ConnectionError BAD_MAPPING when it is invalid. */
  get(connectionId: string): Promise<Mapping | null>;
  /** Validates and stores a mapping document; throws ConnectionError BAD_MAPPING naming every problem. */
  put(connectionId: string, doc: unknown): Promise<Mapping>;
  delete(connectionId: string): Promise<void>;
}

export class RedisMappingStore implements MappingStore {
  readonly #redis: RedisClient;
  readonly #keys: Keys;

  constructor(redis: RedisClient, keys: Keys) {
    this.#redis = redis;
    this.#keys = keys;
  }

  async get(connectionId: string): Promise<Mapping | null> {
    const raw = await this.#redis.get(this.#keys.mapping(connectionId));
    if (raw === null) return null;
    const source = `the stored mapping of connection ${connectionId}`;
    let doc: unknown;
    try {
      doc = JSON.parse(raw);
    } catch {
      throw new ConnectionError('BAD_MAPPING', `${source} is not JSON; store the mapping again`);
    }
    return parseMapping(doc, source);
  }

  async put(connectionId: string, doc: unknown): Promise<Mapping> {
    const mapping = parseMapping(doc);
    await this.#redis.set(this.#keys.mapping(connectionId), JSON.stringify(mapping));
    return mapping;
  }

  async delete(connectionId: string): Promise<void> {
    await this.#redis.del(this.#keys.mapping(connectionId));
  }
}
