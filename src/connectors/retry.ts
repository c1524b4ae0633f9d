// How long to wait before a retry, for both CRMs' clients. A pure function of its inputs (the
// random source is passed in), so the tests pin it exactly.

/**
 * Exponential backoff with "equal jitter": half the step is fixed, half is random, so retries of
 * many workers spread out but none retries at once. `attempt` is 1 for the first retry.
 */
export function backoffMs(attempt: number, random: () => number, baseMs = 500, capMs = 30_000): number {
  const step = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(step / 2 + random() * (step / 2));
}
