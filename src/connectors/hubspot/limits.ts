// HubSpot's request budgets as limiter rules, one limiter per HubSpot account (the key holds the
// portal id), shared by every process through the window store. Search has its own bucket: it is
// exempt from the ten-secondly limit but allows about 5 requests a second per account.
import { RateLimiter, type WindowStore } from '../rate-limit/limiter.ts';

export type HubSpotBucket = 'api' | 'search';

/**
 * Our ten-second window is this much longer than HubSpot's. The limiter admits a request when the
 * one 110 before it was admitted 10 s ago, but HubSpot counts arrivals: a request that left the
 * first burst late and one sent the moment the window opens can arrive less than 10 s apart, and
 * the 429 costs a whole window (classify.ts). Measured against the sandbox at 1,000 companies: a
 * cycle of 176 calls took 22.6 s without the margin and 11.5 s with it; it costs 2.5 % of the pace.
 */
const WINDOW_MARGIN_MS = 250;

export interface HubSpotLimits {
  /**
   * Requests per 10 seconds. Default 110 (marketplace OAuth apps). Legacy private apps get 100 on
   * Free/Starter and 190 on Professional/Enterprise accounts; a Service Key has the limits of a
   * privately distributed app.
   */
  requestsPer10s?: number;
  /** Search requests per second. Default 4, one below HubSpot's ~5 for headroom. */
  searchPerSecond?: number;
}

export interface HubSpotLimiterOptions {
  store: WindowStore;
  /** The HubSpot portal (hub) id: every connection to one account shares its budget. */
  portalId: string;
  limits?: HubSpotLimits;
  sleep?: (ms: number) => Promise<void>;
}

export function hubspotLimiter(options: HubSpotLimiterOptions): RateLimiter<HubSpotBucket> {
  const { requestsPer10s = 110, searchPerSecond = 4 } = options.limits ?? {};
  return new RateLimiter<HubSpotBucket>({
    store: options.store,
    keyPrefix: `crm-pulse:rl:hubspot:${options.portalId}`,
    rules: { api: { limit: requestsPer10s, windowMs: 10_000 + WINDOW_MARGIN_MS }, search: { limit: searchPerSecond, windowMs: 1_000 } },
    sleep: options.sleep,
  });
}
