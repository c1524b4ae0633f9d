// The connectors' TokenStore in memory, for the OAuth tests.
import { StoredTokensSchema, type StoredTokens, type TokenStore } from '../../src/model/tokens.ts';

export class MemoryTokenStore implements TokenStore {
  readonly #tokens = new Map<string, StoredTokens>();

  async get(connectionId: string): Promise<StoredTokens | null> {
    const found = this.#tokens.get(connectionId);
    return found ? { ...found } : null;
  }

  async set(connectionId: string, tokens: StoredTokens): Promise<void> {
    this.#tokens.set(connectionId, StoredTokensSchema.parse(tokens));
  }
}
