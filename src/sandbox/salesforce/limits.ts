// Salesforce's API allocation as the sandbox org enforces it: every call counts (a Composite call
// once), every answer reports the org's use of its 24-hour allocation in Sforce-Limit-Info, other
// integrations' calls count too, and past the allocation requests are refused with 403
// REQUEST_LIMIT_EXCEEDED "TotalRequests Limit exceeded."
// https://developer.salesforce.com/docs/atlas.en-us.salesforce_app_limits_cheatsheet.meta/salesforce_app_limits_cheatsheet/salesforce_app_limits_platform_api.htm
import type { SandboxAnswer } from '../model.ts';
import { sfError } from './errors.ts';

/** The 24-hour allocation of an Enterprise org with a few licences. */
export const DAILY_ALLOCATION = 100_000;

export class Allocation {
  readonly allocation: number;
  /** Calls this sandbox answered. */
  used = 0;
  /** Calls other integrations made in the window (a test sets them). */
  others: () => number;

  constructor(allocation: number, others: () => number) {
    this.allocation = allocation;
    this.others = others;
  }

  get header(): Record<string, string> {
    return { 'sforce-limit-info': `api-usage=${this.used + this.others()}/${this.allocation}` };
  }

  /** Counts a call, or refuses it when the allocation is spent. */
  take(): SandboxAnswer | null {
    if (this.used + this.others() >= this.allocation) return { ...sfError(403, 'REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.'), headers: this.header };
    this.used += 1;
    return null;
  }
}
