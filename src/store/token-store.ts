// The connectors' TokenStore (src/model/tokens.ts) on top of stored connections: OAuth
// tokens live in the connection's sealed credentials, the CRM account id on the connection.
import type { StoredTokens, TokenStore } from '../model/index.ts';
import type { ConnectionStore } from './connections.ts';

export class ConnectionTokenStore implements TokenStore {
  readonly #connections: ConnectionStore;

  constructor(connections: ConnectionStore) {
    this.#connections = connections;
  }

  /** Null when the connection is absent or holds no OAuth tokens (e.g. a Service Key). */
  async get(connectionId: string): Promise<StoredTokens | null> {
    const connection = await this.#connections.get(connectionId);
    const c = connection?.credentials;
    if (!connection || !c?.accessToken || !c.refreshToken || c.expiresAt === undefined) return null;
    return { accessToken: c.accessToken, refreshToken: c.refreshToken, expiresAt: c.expiresAt, accountId: connection.crmAccountId, ...(c.instanceUrl ? { instanceUrl: c.instanceUrl } : {}) };
  }

  /**
   * Stores refreshed tokens on an existing connection, keeping its other credentials (an instance
   * URL the refresh did not name stays as it was). A refresh in flight does not bring a deleted
   * connection back: that throws ConnectionError NOT_CONNECTED.
   */
  async set(connectionId: string, tokens: StoredTokens): Promise<void> {
    await this.#connections.update(connectionId, (current) => ({
      credentials: {
        ...current.credentials,
        accessToken: tokens.accessToken,
        refreshToken: tokens.refreshToken,
        expiresAt: tokens.expiresAt,
        ...(tokens.instanceUrl ? { instanceUrl: tokens.instanceUrl } : {}),
      },
      crmAccountId: tokens.accountId ?? current.crmAccountId,
    }));
  }
}
