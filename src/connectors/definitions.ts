// What a CRM says about its own shape (property definitions, pipeline stages), kept between runs:
// they change rarely, and reading them on every run cost every incremental a few calls that found
// nothing new. Connectors never import the store, so the store implements this small interface and
// the jobs' wiring hands it in (ConnectorDeps.definitions). Entries carry the time they were saved;
// one older than DEFINITIONS_MAX_AGE_MS is read again, and a connector clears its connection's
// entries when the CRM refuses a write, since a refused write may mean the shape changed.
import type { z } from 'zod';
import { DAY_MS } from '../model/index.ts';

/** How long a saved definition is used before it is read from the CRM again. */
export const DEFINITIONS_MAX_AGE_MS = DAY_MS;

export interface SavedDefinition {
  savedAt: number;
  value: unknown;
}

export interface DefinitionCache {
  /** What was saved under this name for the connection, or null. */
  get(connectionId: string, name: string): Promise<SavedDefinition | null>;
  set(connectionId: string, name: string, saved: SavedDefinition): Promise<void>;
  /** Forgets every definition of the connection: each is read from the CRM on its next use. */
  clear(connectionId: string): Promise<void>;
}

/** No cache: every definition is read from the CRM (tests, and callers without a store). */
export const noDefinitionCache: DefinitionCache = {
  get: () => Promise.resolve(null),
  set: () => Promise.resolve(),
  clear: () => Promise.resolve(),
};

/** One connection's view of the cache, on the connector's clock. */
export class Definitions {
  readonly #cache: DefinitionCache;
  readonly #connectionId: string;
  readonly #now: () => number;

  constructor(cache: DefinitionCache, connectionId: string, now: () => number) {
    this.#cache = cache;
    this.#connectionId = connectionId;
    this.#now = now;
  }

  /**
   * The saved value when it is younger than a day and still parses with `schema` (a value saved by
   * another version of crm-pulse may not), else `read()`'s, saved for the next runs.
   */
  async get<S extends z.ZodType>(name: string, schema: S, read: () => Promise<z.output<S>>): Promise<z.output<S>> {
    const saved = await this.#cache.get(this.#connectionId, name);
    if (saved && this.#now() - saved.savedAt < DEFINITIONS_MAX_AGE_MS) {
      const parsed = schema.safeParse(saved.value);
      if (parsed.success) return parsed.data;
    }
    return this.refresh(name, read);
  }

  /** Reads the value from the CRM and saves it. */
  async refresh<T>(name: string, read: () => Promise<T>): Promise<T> {
    const savedAt = this.#now();
    const value = await read();
    await this.#cache.set(this.#connectionId, name, { savedAt, value });
    return value;
  }

  clear(): Promise<void> {
    return this.#cache.clear(this.#connectionId);
  }
}
