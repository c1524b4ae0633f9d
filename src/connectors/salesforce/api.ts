// The client layer every Salesforce call goes through: checks the org's API budget before each
// attempt and reads it back from every answer, adds the bearer token, retries what classify.ts
// says to retry (refreshing the token once on a 401), stops or skips on the rest, and validates
// each answer with its zod schema. Until the org has answered once, a fault saying nothing listens
// at the address fails the call at once.
import type { z } from 'zod';
import { ConnectionError, RetryableError, describeIssues } from '../../model/index.ts';
import { realSleep } from '../rate-limit/limiter.ts';
import type { AccessTokenSource } from './auth.ts';
import type { ApiBudget, ApiUsage } from './budget.ts';
import { classify, type Decision, type Failure } from './classify.ts';
import type { SalesforceTransport, SfRequest } from './transport.ts';
import { NetworkFailure } from '../network.ts';

export interface SalesforceApiOptions {
  transport: SalesforceTransport;
  auth: AccessTokenSource;
  budget: ApiBudget;
  /** Attempts per call before giving the job back to its queue. Default 5. */
  maxAttempts?: number;
  now?: () => number;
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export interface SfCall extends SfRequest {
  /**
   * The call saves records. After a 5xx or a lost answer Salesforce may have saved them, so such
   * a call is not repeated here: the error goes to the caller, which finds out what was saved (a
   * create by dedupe key, an update by reading the values back) before sending the rest again.
   * Refusals that saved nothing (concurrency limit, a locked row, 401) are retried.
   */
  saves?: boolean;
}

export interface Answer<T> {
  body: T;
  headers: Readonly<Record<string, string>>;
}

/**
 * Per-attempt timeout until the org has answered once: a first answer slower than this is as good
 * as none, and a one-shot `run` against a wrong instance URL must say so within seconds.
 */
const FIRST_CONTACT_TIMEOUT_MS = 10_000;

export class SalesforceApi {
  readonly #o: Required<SalesforceApiOptions>;
  /** The org has answered once (any status): from here on network faults are blips, retried. */
  #answered = false;

  constructor(options: SalesforceApiOptions) {
    this.#o = { ...options, maxAttempts: options.maxAttempts ?? 5, now: options.now ?? Date.now, random: options.random ?? Math.random, sleep: options.sleep ?? realSleep };
  }

  /** The org's API usage as last reported. */
  usage(): ApiUsage | null {
    return this.#o.budget.usage();
  }

  sleep(ms: number): Promise<void> {
    return this.#o.sleep(ms);
  }

  now(): number {
    return this.#o.now();
  }

  random(): number {
    return this.#o.random();
  }

  async call<S extends z.ZodType>(req: SfCall, schema: S): Promise<z.output<S>> {
    return (await this.exchange(req, schema)).body;
  }

  /** The answer with its headers (Bulk 2.0 results page with Sforce-Locator). */
  async exchange<S extends z.ZodType>(req: SfCall, schema: S): Promise<Answer<z.output<S>>> {
    let mayRefresh = true;
    for (let attempt = 1; ; attempt++) {
      this.#o.budget.check(this.#o.now());
      let failure: Failure;
      try {
        const res = await this.#o.transport.send(req, await this.#o.auth.token(), this.#answered ? undefined : FIRST_CONTACT_TIMEOUT_MS);
        this.#answered = true;
        this.#o.budget.observe(res.headers['sforce-limit-info'], this.#o.now());
        if (res.status >= 200 && res.status < 300) return { body: parseAnswer(req.route, schema, res.body), headers: res.headers };
        failure = { kind: 'http', status: res.status, body: res.body };
      } catch (error) {
        if (!(error instanceof NetworkFailure)) throw error;
        failure = { kind: 'network', message: error.detail, code: error.systemCode };
      }
      let decision = this.decide(failure, req.route, attempt, mayRefresh);
      if (decision.action === 'refresh') {
        mayRefresh = false;
        const fresh = await this.#o.auth.refresh();
        if (fresh !== null) {
          if (fresh.instanceUrl) this.#o.transport.moveTo(fresh.instanceUrl);
          continue;
        }
        // A fixed token (SALESFORCE_ACCESS_TOKEN) cannot be renewed: without a refresh, classify stops.
        decision = this.decide(failure, req.route, attempt, false) as Exclude<Decision, { action: 'refresh' }>;
      }
      if (decision.action === 'retry') {
        // Salesforce refused these before saving anything: a concurrency limit, a lock that rolled the request back.
        const refusedBeforeWork = decision.code === 'SALESFORCE_CONCURRENCY_LIMIT' || decision.code === 'SALESFORCE_ROW_LOCKED';
        if (req.saves && !refusedBeforeWork) {
          throw new RetryableError(decision.code, `${req.route}: ${decision.reason}; Salesforce may have created some records, so they are reconciled by key before the next attempt`, decision.waitMs);
        }
        if (attempt >= this.#o.maxAttempts) {
          throw new RetryableError(decision.code, `${req.route}: ${decision.reason}, still after ${attempt} attempts; the job will be retried later`, decision.waitMs);
        }
        await this.#o.sleep(decision.waitMs);
        continue;
      }
      throw decision.error;
    }
  }

  /** What to do about a failure: also used for the subrequests of a composite call. */
  decide(failure: Failure, route: string, attempt: number, mayRefresh: boolean): Decision {
    return classify(failure, { route, attempt, mayRefresh, now: this.#o.now(), random: this.#o.random, recheckMs: this.#o.budget.recheckMs, host: this.#o.transport.host, answered: this.#answered });
  }

  get maxAttempts(): number {
    return this.#o.maxAttempts;
  }
}

export function parseAnswer<S extends z.ZodType>(route: string, schema: S, body: unknown): z.output<S> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  throw new ConnectionError(
    'SALESFORCE_UNEXPECTED_ANSWER',
    `Salesforce answered ${route} in a shape crm-pulse does not read (${describeIssues(parsed.error).slice(0, 3).join('; ')}). This is a crm-pulse bug or a Salesforce API change: report it with this message.`,
  );
}
