// One HTTP attempt against HubSpot: builds the URL from the configured base (HUBSPOT_BASE_URL),
// sends with a timeout, reads the JSON body and counts the call by route and outcome. It makes
// no decisions: throttling, retries and error meaning live in api.ts and classify.ts.
//
// Why plain fetch and not @hubspot/api-client: the client's `apiRequest` takes no timeout or
// AbortSignal (a stalled connection would hang a sync job), its limiter and retry decorators are
// a process-global singleton that every `new Client()` replaces, and its typed APIs turn answers
// into model classes, hiding the raw body and rate-limit headers that zod and classify.ts need.
// Its typed APIs are also generated for the undated v3 / v4 paths only (14.0.1, the newest), and
// crm-pulse calls HubSpot's date-versioned APIs (/crm/objects/2026-09/...), the ones that outlive
// v4's end (2027-03-30) and v1-v3's (September 2027).
import { outcomeOf, type ApiCallRecorder } from '../api-calls.ts';
import { NetworkFailure } from '../network.ts';

export const DEFAULT_BASE_URL = 'https://api.hubapi.com';

export interface HsRequest {
  method: 'GET' | 'POST' | 'PATCH';
  /** A path without record ids: it is also the route label of the call counts. */
  path: string;
  query?: Record<string, string>;
  /** A JSON body. */
  json?: unknown;
  /** A form body (OAuth token endpoint). */
  form?: Record<string, string>;
}

export interface HsResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON, the raw text when it was not JSON, or null when empty. */
  body: unknown;
}

export interface TransportOptions {
  /** API base URL, from HUBSPOT_BASE_URL. Default https://api.hubapi.com. */
  baseUrl?: string;
  recorder: ApiCallRecorder;
  /** Per-attempt timeout. Default 30 s. */
  timeoutMs?: number;
}

export class HubSpotTransport {
  readonly #base: string;
  readonly #recorder: ApiCallRecorder;
  readonly #timeoutMs: number;

  constructor(options: TransportOptions) {
    this.#base = (options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, '');
    this.#recorder = options.recorder;
    this.#timeoutMs = options.timeoutMs ?? 30_000;
  }

  /** Host and port of the base URL, for messages (never the path: a proxy URL may carry a key). */
  get host(): string {
    return new URL(this.#base).host;
  }

  /** `timeoutMs` overrides the transport's per-attempt timeout for this call. */
  async send(req: HsRequest, accessToken: string | null, timeoutMs = this.#timeoutMs): Promise<HsResponse> {
    const url = new URL(this.#base + req.path);
    for (const [k, v] of Object.entries(req.query ?? {})) url.searchParams.set(k, v);
    const headers: Record<string, string> = { accept: 'application/json' };
    if (accessToken) headers.authorization = `Bearer ${accessToken}`;
    let body: string | undefined;
    if (req.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(req.json);
    } else if (req.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(req.form).toString();
    }
    const route = `${req.method} ${req.path}`;
    const started = performance.now();
    let status: number | null = null;
    try {
      const res = await fetch(url, { method: req.method, headers, body, signal: AbortSignal.timeout(timeoutMs) });
      status = res.status;
      const text = await res.text();
      return { status: res.status, headers: res.headers, body: parseBody(text) };
    } catch (error) {
      // The message names the route only: URLs may carry a token in a proxy's error text.
      throw new NetworkFailure('HUBSPOT_NETWORK', route, error);
    } finally {
      this.#recorder.record({ route, outcome: outcomeOf(status), status, durationMs: performance.now() - started });
    }
  }
}

function parseBody(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
