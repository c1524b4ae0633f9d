// The Salesforce connector's resume points: versioned JSON, validated with zod on the way in. A
// checkpoint that does not parse (older version, corruption, another connector's) is dropped and
// the read starts over with a full load, which is always safe because saves are upserts.
import { z } from 'zod';
import type { Checkpoint } from '../../model/index.ts';

/** A position in a read ordered by (SystemModstamp, Id); see soql.ts. */
const CursorSchema = z.object({ since: z.number().int().min(0), afterId: z.string().nullable() });

export const AccountCheckpointSchema = z.object({
  v: z.literal(1),
  source: z.literal('salesforce.accounts'),
  /** Changed Accounts are read up to here. `{ since: 0, afterId: null }` is a full load. */
  cursor: CursorSchema,
  /** Deleted Accounts are reported up to this instant; null: not looked yet (a full load). */
  deletedSince: z.number().int().nullable(),
  /** A Bulk API 2.0 job reading the rest of the changes up to `upper`, and the next results set. */
  bulk: z.object({ jobId: z.string().min(1), locator: z.string().nullable(), upper: z.number().int() }).nullable(),
});
export type AccountCheckpoint = z.output<typeof AccountCheckpointSchema>;

/** Objects whose changes change an account's history (DOMAIN.md section 1). */
export const HISTORY_OBJECTS = ['Task', 'Event', 'Case', 'Opportunity'] as const;
export type HistoryObject = (typeof HISTORY_OBJECTS)[number];

export const ActivityCheckpointSchema = z.object({
  v: z.literal(1),
  source: z.literal('salesforce.activities'),
  cursors: z.object({ Task: CursorSchema, Event: CursorSchema, Case: CursorSchema, Opportunity: CursorSchema }),
});
export type ActivityCheckpoint = z.output<typeof ActivityCheckpointSchema>;

/** The checkpoint when it is valid for this schema, else null (start over). */
export function readCheckpoint<S extends z.ZodType>(schema: S, checkpoint: Checkpoint | null): z.output<S> | null {
  if (checkpoint === null) return null;
  const parsed = schema.safeParse(checkpoint);
  return parsed.success ? parsed.data : null;
}

/**
 * How far behind "now" reads stop: SystemModstamp is stamped while the saving transaction runs,
 * before it commits, so a record a long transaction saves becomes visible after later stamps;
 * stopping short keeps it inside the next run's window.
 */
export const SETTLE_MS = 2 * 60_000;

/** The end of this run's window: settled, and to the second like SOQL dateTime literals. */
export function settledUpper(now: number): number {
  return Math.floor((now - SETTLE_MS) / 1000) * 1000;
}
