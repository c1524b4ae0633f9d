// Waits until a number of jobs of one name have completed, woken by BullMQ's own completion
// events instead of polling on a timer: a slow machine makes the wait longer, never too short.
import { QueueEvents, type Queue } from 'bullmq';
import type { Redis } from 'ioredis';

export async function jobsDone(queue: Queue, bull: Redis, name: string, n: number, timeoutMs = 30_000): Promise<void> {
  // QueueEvents blocks on its connection (XREAD BLOCK): it gets one of its own.
  const events = new QueueEvents(queue.name, { connection: bull.duplicate(), prefix: queue.opts.prefix });
  const done = async () => (await queue.getJobs(['completed'])).filter((j) => j.name === name).length >= n;
  try {
    await events.waitUntilReady();
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${n} "${name}" jobs did not complete within ${timeoutMs} ms`)), timeoutMs);
      const check = () =>
        done().then(
          (yes) => {
            if (!yes) return;
            clearTimeout(timer);
            resolve();
          },
          reject,
        );
      // Listening first, then looking: a job that completes in between is seen either way.
      events.on('completed', check);
      void check();
    });
  } finally {
    await events.close();
  }
}
