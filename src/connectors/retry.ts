// What both CRMs' clients share when a call fails: what they know when they decide (retry, refresh
// the token, stop, skip), the shape of that decision, and how long to wait before a retry (a pure
// function of its inputs, the random source passed in, so the tests pin it exactly).
import type { ConnectionError, ErrorCode, RecordError, UnreachableError } from '../model/index.ts';

/**
 * Exponential backoff with "equal jitter": half the step is fixed, half is random, so retries of
 * many workers spread out but none retries at once. `attempt` is 1 for the first retry.
 */
export function backoffMs(attempt: number, random: () => number, baseMs = 500, capMs = 30_000): number {
  const step = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(step / 2 + random() * (step / 2));
}

/** A call that got no answer: what the transport saw, and the system's code when there is one. */
export interface NoAnswer {
  kind: 'network';
  message: string;
  code?: string;
}

/** What a CRM's classify() knows about the call that failed. */
export interface CallContext {
  /** `METHOD /path` of the call, for messages. */
  route: string;
  /** 1 for the first attempt. */
  attempt: number;
  /** Whether the token source can refresh (OAuth) and has not done so for this call yet. */
  mayRefresh: boolean;
  now: number;
  random: () => number;
  /** Where the CRM's base URL points (host and port), for messages. */
  host: string;
  /** Whether this host has answered once, in this process: until then a network fault means a wrong URL as often as a blip. */
  answered: boolean;
}

/** What to do about a failed call, with the retry codes a CRM gives. */
export type Decision<RetryCode extends ErrorCode> =
  | { action: 'retry'; code: RetryCode; reason: string; waitMs: number }
  | { action: 'refresh' }
  | { action: 'stop'; error: ConnectionError }
  | { action: 'skip'; error: RecordError }
  | { action: 'unreachable'; error: UnreachableError };
