// Job data comes back from Redis, written by any version of crm-pulse: it is parsed, and data
// that does not parse fails the job for good (retrying cannot fix it).
import { UnrecoverableError, type Job } from 'bullmq';
import type { z } from 'zod';
import { describeIssues } from '../model/index.ts';

export function parseJobData<S extends z.ZodType>(schema: S, job: Job): z.output<S> {
  const parsed = schema.safeParse(job.data);
  if (parsed.success) return parsed.data;
  throw new UnrecoverableError(`job ${job.id} (${job.name}) has data this version cannot read: ${describeIssues(parsed.error).slice(0, 3).join('; ')}`);
}
