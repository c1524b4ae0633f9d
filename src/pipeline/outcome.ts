// What one piece of a cycle (a sync read, a batch of accounts scored and written, the segments
// step) reports back: counts, the problems met (per record, never fatal), API calls by route and,
// on a dry run, the writes it would have made. Pieces run as separate jobs, possibly on other
// hosts, so an outcome travels as JSON and is validated when the cycle adds them up.
import { z } from 'zod';
import { RUN_ERRORS_KEPT, RunCountsSchema, type RunCounts } from '../store/index.ts';
import { WRITE_FIELDS, TASK_KINDS } from '../model/index.ts';
import type { ValueProblem } from '../connectors/index.ts';
import type { TasksReport, WriteReport } from '../writeback/index.ts';

export const RunErrorSchema = z.object({
  code: z.string(),
  message: z.string(),
  accountId: z.string().nullable(),
  /** The connection is paused until then (epoch ms), e.g. the CRM's daily API budget; it resumes by itself. */
  until: z.number().optional(),
});
export type RunError = z.output<typeof RunErrorSchema>;

const writeValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);

/** A write a dry run would have made: changed values and the tasks it would create. */
export const PlannedWriteSchema = z.object({
  accountId: z.string(),
  name: z.string().nullable(),
  values: z.partialRecord(z.enum(WRITE_FIELDS), writeValue),
  tasks: z.array(z.object({ kind: z.enum(TASK_KINDS), key: z.string(), subject: z.string(), ownerId: z.string().nullable(), dueAt: z.string() })),
});
export type PlannedWrite = z.output<typeof PlannedWriteSchema>;

/** Planned writes a dry run lists (its counts cover them all): the list stays a readable size. */
export const PLANNED_KEPT = 10_000;

export const OutcomeSchema = z.object({
  counts: RunCountsSchema,
  /** The first RUN_ERRORS_KEPT problems; `counts.errors` has them all. */
  errors: z.array(RunErrorSchema),
  apiCalls: z.record(z.string(), z.number().int().min(0)),
  /** A dry run's writes, the first PLANNED_KEPT of them. */
  planned: z.array(PlannedWriteSchema),
});
export type Outcome = z.output<typeof OutcomeSchema>;

export type CountName = keyof RunCounts;

export function emptyOutcome(): Outcome {
  return { counts: RunCountsSchema.parse({}), errors: [], apiCalls: {}, planned: [] };
}

/** Adds `n` to a count. */
export function count(o: Outcome, name: CountName, n = 1): void {
  o.counts[name] += n;
}

/** Records a problem; only the first RUN_ERRORS_KEPT are kept in full. */
export function problem(o: Outcome, error: RunError): void {
  o.counts.errors += 1;
  if (o.errors.length < RUN_ERRORS_KEPT) o.errors.push(error);
}

/** A CRM value the mapping could not read: reported, and the account scored without it. */
export function valueProblem(o: Outcome, p: ValueProblem): void {
  problem(o, { code: 'BAD_VALUE', message: `${p.property}: ${p.reason} (scored without ${p.field})`, accountId: p.accountId });
}

/** What the write-back did for a batch, into its outcome. */
export function wrote(o: Outcome, fields: WriteReport | null, tasks: TasksReport | null): void {
  if (fields) {
    count(o, 'accountsWritten', fields.written);
    for (const p of fields.problems) problem(o, p);
  }
  if (tasks) {
    count(o, 'tasksCreated', tasks.created);
    count(o, 'handoffs', tasks.handoffs);
    count(o, 'tasksSkipped', tasks.skipped);
    for (const p of tasks.problems) problem(o, p);
  }
}

/** Adds `more` into `into`. */
export function merge(into: Outcome, more: Outcome): Outcome {
  for (const name of Object.keys(into.counts) as CountName[]) into.counts[name] += more.counts[name];
  into.errors.push(...more.errors.slice(0, Math.max(0, RUN_ERRORS_KEPT - into.errors.length)));
  for (const [route, n] of Object.entries(more.apiCalls)) into.apiCalls[route] = (into.apiCalls[route] ?? 0) + n;
  into.planned.push(...more.planned.slice(0, Math.max(0, PLANNED_KEPT - into.planned.length)));
  return into;
}
