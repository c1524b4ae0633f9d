// An access token set by the admin (HubSpot's HUBSPOT_ACCESS_TOKEN, Salesforce's
// SALESFORCE_ACCESS_TOKEN): used as it is, never refreshed; when it stops working, the admin sets
// a new one. Each CRM's auth.ts names the variable and where to get a token.
import { ConnectionError, type ErrorCode } from '../model/index.ts';

export class FixedToken {
  readonly #token: string;

  /** Throws ConnectionError `code` with `whenEmpty` (what to set) when the token is missing or empty. */
  constructor(token: string | undefined, code: ErrorCode, whenEmpty: string) {
    if (!token) throw new ConnectionError(code, whenEmpty);
    this.#token = token;
  }

  async token(): Promise<string> {
    return this.#token;
  }

  async refresh(): Promise<null> {
    return null;
  }
}
