// Waits until a number of jobs of one name have completed, woken by BullMQ's own completion
// events instead of polling on a timer: a slow machine makes the wait longer, never too short.
// The events are read from the stream's last entry before the first look, not from "now" (`$`):
// QueueEvents sends its first XREAD only after its own CLIENT SETNAME, so a job completing
// between the first look and that XREAD was neither seen nor heard, and the wait ran out (CI,
// on a loaded machine, with a job that takes milliseconds).
import { QueueEvents, type Queue } from 'bullmq';
import type { Redis } from 'ioredis';

export async function jobsDone(queue: Queue, bull: Redis, name: string, n: number, timeoutMs = 30_000): Promise<void> {
  const done = async () => (await queue.getJobs(['completed'])).filter((j) => j.name === name).length >= n;
  const [last] = await bull.xrevrange(queue.keys.events!, '+', '-', 'COUNT', 1);
  // QueueEvents blocks on its connection (XREAD BLOCK): it gets one of its own.
  const events = new QueueEvents(queue.name, { connection: bull.duplicate(), prefix: queue.opts.prefix, lastEventId: last?.[0] ?? '0-0' });
  try {
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
      // Any completion after the stream's last entry above is heard; any before the look is seen.
      events.on('completed', check);
      void check();
    });
  } finally {
    await events.close();
  }
}
