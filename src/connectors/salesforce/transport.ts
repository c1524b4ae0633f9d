// One HTTP attempt against a Salesforce org through a jsforce Connection: jsforce builds the URL
// under the org's instance URL and the pinned API version, and sends with its own HTTP client; this
// file hands back the raw status, headers and body, and counts the call by route and outcome. It
// makes no decisions: budget, retries and error meaning live in api.ts, budget.ts and classify.ts.
// jsforce's loose types stop here: callers get an SfResponse with an `unknown` body for zod.
//
// Why `conn.request` with a per-call transport and not jsforce's query/sobject/bulk2 helpers:
// those retry GETs by themselves with fixed, unseen sleeps (every attempt costs the org's daily
// budget and must be counted), drop the status and headers of failures (Sforce-Limit-Info,
// Sforce-Locator, 403 vs 400), and bulk2 polls on real timers. A per-call transport wrapping the
// connection's own (`options.transport` of Connection#request) sees each attempt, turns jsforce's
// retries off, and sets a per-attempt timeout; everything else is jsforce's.
import type { Connection, HttpRequest, HttpRequestOptions, HttpResponse } from '@jsforce/jsforce-node';
import { outcomeOf, type ApiCallRecorder } from '../api-calls.ts';
import { loadJsforce } from './jsforce.ts';
import { NetworkFailure } from '../network.ts';

/** The REST API version every call uses (Winter '25). jsforce's own default is 50.0. */
export const API_VERSION = '62.0';

export interface SfRequest {
  method: 'GET' | 'POST' | 'PATCH';
  /**
   * Path under `/services/data/v62.0` (e.g. `/query`), or an absolute `/services/...` path such
   * as a query's `nextRecordsUrl`.
   */
  path: string;
  /** `METHOD /path` without ids, SOQL or locators: the label of call counts and messages. */
  route: string;
  query?: Record<string, string>;
  json?: unknown;
  headers?: Record<string, string>;
}

export interface SfResponse {
  status: number;
  /** Lower-case header names. */
  headers: Readonly<Record<string, string>>;
  /** Parsed JSON, the raw text when it is not JSON (Bulk 2.0 CSV, HTML error pages), or null when empty. */
  body: unknown;
}

export interface SalesforceTransportOptions {
  /** The org's instance URL, e.g. https://acme.my.salesforce.com (SALESFORCE_INSTANCE_URL). */
  instanceUrl: string;
  recorder: ApiCallRecorder;
  /** Per-attempt timeout. Default 60 s (a SOQL page of 2,000 wide rows can take a while). */
  timeoutMs?: number;
}

export class SalesforceTransport {
  #instanceUrl: string;
  #conn: Promise<Connection> | null = null;
  readonly #recorder: ApiCallRecorder;
  readonly #timeoutMs: number;

  constructor(options: SalesforceTransportOptions) {
    this.#instanceUrl = options.instanceUrl.replace(/\/+$/, '');
    this.#recorder = options.recorder;
    this.#timeoutMs = options.timeoutMs ?? 60_000;
  }

  /** Host and port of the instance URL, for messages. */
  get host(): string {
    return new URL(this.#instanceUrl).host;
  }

  /** A refresh may move the org to another instance (org migration): later calls go there. */
  moveTo(instanceUrl: string): void {
    this.#instanceUrl = instanceUrl.replace(/\/+$/, '');
  }

  /** The jsforce Connection, made with the first call (jsforce.ts says why not before). */
  async #connection(): Promise<Connection> {
    this.#conn ??= loadJsforce().then((jsforce) => new jsforce.Connection({ instanceUrl: this.#instanceUrl, version: API_VERSION }));
    const conn = await this.#conn;
    conn.instanceUrl = this.#instanceUrl;
    return conn;
  }

  /** `timeoutMs` overrides the transport's per-attempt timeout for this call. */
  async send(req: SfRequest, accessToken: string, timeoutMs = this.#timeoutMs): Promise<SfResponse> {
    const search = req.query ? `?${new URLSearchParams(req.query).toString()}` : '';
    const request: HttpRequest = { method: req.method, url: req.path + search, headers: { ...req.headers } };
    if (req.json !== undefined) {
      request.body = JSON.stringify(req.json);
      request.headers = { ...request.headers, 'content-type': 'application/json' };
    }
    const conn = await this.#connection();
    conn.accessToken = accessToken;
    const seen: { res: HttpResponse | null } = { res: null };
    const base = conn._transport;
    const timeout = timeoutMs;
    const transport = {
      httpRequest(r: HttpRequest, options?: HttpRequestOptions) {
        // No retries inside jsforce: api.ts decides, and counts each attempt.
        const sent = base.httpRequest(r, { ...options, retry: { methods: [] }, timeout });
        sent.then(
          (res) => {
            seen.res = res;
          },
          () => {},
        );
        return sent;
      },
    };
    const started = performance.now();
    try {
      // `text/plain` keeps jsforce from parsing: the raw body is read below, for errors too.
      await conn.request(request, { transport, responseType: 'text/plain' });
    } catch (error) {
      // jsforce throws on 4xx/5xx after the answer came; only a missing answer is a network failure.
      // The message names the route only: URLs carry SOQL and proxies may echo tokens.
      if (!seen.res) throw new NetworkFailure('SALESFORCE_NETWORK', req.route, error);
    } finally {
      const status = seen.res?.statusCode ?? null;
      this.#recorder.record({ route: req.route, outcome: outcomeOf(status), status, durationMs: performance.now() - started });
    }
    const res = seen.res!;
    return { status: res.statusCode, headers: res.headers, body: parseBody(res.body, res.headers['content-type']) };
  }
}

function parseBody(text: string | undefined, contentType: string | undefined): unknown {
  if (!text) return null;
  if (contentType && !/json/i.test(contentType)) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
