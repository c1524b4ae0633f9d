// Stopping a long-running process within a bound. A graceful close waits for what is under way;
// one that hangs (seen: BullMQ's blocking client after a Redis outage, with no job running) must
// not keep a process alive that was told to stop: after its bound the close is forced.

/** Whether `work` settled within `ms` (a rejection counts as settled: the close is over either way). */
export async function settlesWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([work.then(() => true, () => true), late]);
  } finally {
    clearTimeout(timer);
  }
}

/** How long a close may take once nothing is under way: Redis connections quitting. */
export const CLOSE_MS = 5_000;
