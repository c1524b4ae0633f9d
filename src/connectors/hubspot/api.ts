// The client layer every HubSpot call goes through: waits for the account's shared rate limiter,
// adds the bearer token, retries what classify.ts says to retry (refreshing the token once on a
// 401), stops or skips on the rest, and validates each answer with its zod schema. Until HubSpot
// has answered once, a fault saying nothing listens at the address fails the call at once.
import type { z } from 'zod';
import { ConnectionError, HUBSPOT_API_VERSIONS, RetryableError, describeIssues, type HubSpotApiVersion } from '../../model/index.ts';
import { realSleep, type RateLimiter } from '../rate-limit/limiter.ts';
import type { AccessTokenSource } from './auth.ts';
import { classify, type Decision, type Failure } from './classify.ts';
import type { HubSpotBucket } from './limits.ts';
import type { HsRequest, HubSpotTransport } from './transport.ts';
import { NetworkFailure } from '../network.ts';
import { checkTimeZone } from './waits.ts';

export interface HubSpotApiOptions {
  transport: HubSpotTransport;
  auth: AccessTokenSource;
  limiter: RateLimiter<HubSpotBucket>;
  /** The dated API version every path names (HUBSPOT_API_VERSION). Default the newest crm-pulse speaks. */
  apiVersion?: HubSpotApiVersion;
  /** The HubSpot account's time zone, for the daily-limit reset. Default UTC. */
  timeZone?: string;
  /** Attempts per call before giving the job back to its queue. Default 5. */
  maxAttempts?: number;
  now?: () => number;
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export interface HsCall extends HsRequest {
  /** Limiter bucket. Default "api"; CRM search has its own. */
  bucket?: HubSpotBucket;
  /**
   * The call creates records. After a 5xx or a lost answer HubSpot may have created them, so such
   * a call is not repeated here: the error goes to the caller, which reconciles by dedupe key.
   * Rate-limit refusals (429) are retried, as HubSpot rejects those before doing anything.
   */
  creates?: boolean;
}

/**
 * Per-attempt timeout until HubSpot has answered once: a first answer slower than this is as good
 * as none, and a one-shot `run` against a wrong HUBSPOT_BASE_URL must say so within seconds.
 */
const FIRST_CONTACT_TIMEOUT_MS = 10_000;

export class HubSpotApi {
  readonly #o: Required<HubSpotApiOptions>;
  /** HubSpot has answered once (any status): from here on network faults are blips, retried. */
  #answered = false;

  constructor(options: HubSpotApiOptions) {
    this.#o = {
      ...options,
      apiVersion: options.apiVersion ?? HUBSPOT_API_VERSIONS[0],
      timeZone: options.timeZone ?? 'UTC',
      maxAttempts: options.maxAttempts ?? 5,
      now: options.now ?? Date.now,
      random: options.random ?? Math.random,
      sleep: options.sleep ?? realSleep,
    };
    checkTimeZone(this.#o.timeZone);
  }

  /** The version segment of every path: `/crm/objects/${version}/companies`, `/crm/associations/${version}/...`. */
  get version(): HubSpotApiVersion {
    return this.#o.apiVersion;
  }

  async call<S extends z.ZodType>(req: HsCall, schema: S): Promise<z.output<S>> {
    const route = `${req.method} ${req.path}`;
    let mayRefresh = true;
    for (let attempt = 1; ; attempt++) {
      await this.#o.limiter.acquire(req.bucket ?? 'api');
      let failure: Failure;
      try {
        const res = await this.#o.transport.send(req, await this.#o.auth.token(), this.#answered ? undefined : FIRST_CONTACT_TIMEOUT_MS);
        this.#answered = true;
        if (res.status >= 200 && res.status < 300) return parseAnswer(route, schema, res.body);
        failure = { kind: 'http', status: res.status, body: res.body, headers: res.headers };
      } catch (error) {
        if (!(error instanceof NetworkFailure)) throw error;
        failure = { kind: 'network', message: error.detail, code: error.systemCode };
      }
      const context = () => ({ route, attempt, mayRefresh, now: this.#o.now(), random: this.#o.random, timeZone: this.#o.timeZone, host: this.#o.transport.host, answered: this.#answered });
      let decision = classify(failure, context());
      if (decision.action === 'refresh') {
        mayRefresh = false;
        if ((await this.#o.auth.refresh()) !== null) continue;
        // This token cannot be renewed (a Service Key's): without a refresh to try, classify stops.
        decision = classify(failure, context()) as Exclude<Decision, { action: 'refresh' }>;
      }
      if (decision.action === 'retry') {
        if (req.creates && decision.code !== 'HUBSPOT_RATE_LIMITED') {
          throw new RetryableError(decision.code, `${route}: ${decision.reason}; HubSpot may have created some records, so they are reconciled by key before the next attempt`, decision.waitMs);
        }
        if (attempt >= this.#o.maxAttempts) {
          throw new RetryableError(decision.code, `${route}: ${decision.reason}, still after ${attempt} attempts; the job will be retried later`, decision.waitMs);
        }
        await this.#o.sleep(decision.waitMs);
        continue;
      }
      throw decision.error;
    }
  }
}

function parseAnswer<S extends z.ZodType>(route: string, schema: S, body: unknown): z.output<S> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  throw new ConnectionError(
    'HUBSPOT_UNEXPECTED_ANSWER',
    `HubSpot answered ${route} in a shape crm-pulse does not read (${describeIssues(parsed.error).slice(0, 3).join('; ')}). This is a crm-pulse bug or a HubSpot API change: report it with this message.`,
  );
}
