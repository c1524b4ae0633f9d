// The few error classes of crm-pulse, split by what should happen next: retry later, stop this
// connection, or skip this record. Each carries a stable `code` from the registry
// (error-codes.ts) and a message that tells an admin what to change.
import type { ErrorAction, ErrorCode } from './error-codes.ts';

export abstract class PulseError extends Error {
  abstract readonly action: ErrorAction;
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}

/** Transient: rate limits, 5xx, network. The job retries after `waitMs` (or its own backoff). */
export class RetryableError extends PulseError {
  readonly action = 'retry';
  readonly waitMs: number | undefined;
  constructor(code: ErrorCode, message: string, waitMs?: number, options?: ErrorOptions) {
    super(code, message, options);
    this.waitMs = waitMs;
  }
}

/**
 * The connection cannot go on until an admin acts or a reset passes: auth revoked, missing scope,
 * bad mapping or policy, daily API budget spent. `until` is set when the stop ends by itself.
 */
export class ConnectionError extends PulseError {
  readonly action = 'stop';
  readonly until: number | undefined;
  constructor(code: ErrorCode, message: string, until?: number, options?: ErrorOptions) {
    super(code, message, options);
    this.until = until;
  }
}

/** One record is bad (a value fails its transform, a required field is missing); the rest go on. */
export class RecordError extends PulseError {
  readonly action = 'skip';
  readonly recordId: string | undefined;
  constructor(code: ErrorCode, message: string, recordId?: string, options?: ErrorOptions) {
    super(code, message, options);
    this.recordId = recordId;
  }
}

/**
 * A CRM that has not answered once since this process started: its URL is wrong, or it is down.
 * A worker retries it like any network fault; a one-shot `crm-pulse run` gives up at once, as no
 * process stays behind to retry it.
 */
export class UnreachableError extends RetryableError {}
