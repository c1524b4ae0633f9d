// The HubSpot connector's resume points: versioned JSON, validated with zod on the way in. A
// checkpoint that does not parse (older version, corruption, another connector's) is dropped and
// the read starts over with a full load, which is always safe because saves are upserts.
import { z } from 'zod';
import type { Checkpoint } from '../../model/index.ts';

/** An incremental search position: everything modified before `since` is done, and so are `seen` at `since`. */
const CursorSchema = z.object({ since: z.number().int().min(0), seen: z.array(z.string()) });
export type SearchCursor = z.output<typeof CursorSchema>;

export const AccountCheckpointSchema = z.discriminatedUnion('phase', [
  z.object({
    v: z.literal(1),
    source: z.literal('hubspot.companies'),
    phase: z.literal('initial'),
    /** The last company id the full load read (it reads in id order); null before the first page. */
    afterId: z.string().nullable(),
    /** When the full load began: the incremental reads start there. */
    startedAt: z.number().int(),
  }),
  z.object({
    v: z.literal(1),
    source: z.literal('hubspot.companies'),
    phase: z.literal('incremental'),
    cursor: CursorSchema,
    /** Runs' own writes the search leaves out (own-writes.ts), oldest first; dropped once the cursor passes them. */
    fences: z.array(z.object({ token: z.string().min(1), until: z.number().int().min(0) })).default([]),
  }),
]);
export type AccountCheckpoint = z.output<typeof AccountCheckpointSchema>;

/**
 * Objects the policy's rules read (DOMAIN.md section 9, "History read"), whose changes make an
 * account's score change. Emails and notes are not among them: no score, signal or field counts
 * them, so they are neither read nor watched (and their scope, sales-email-read, is not asked for).
 */
export const HISTORY_OBJECTS = ['meetings', 'calls', 'tickets', 'deals'] as const;
export type HistoryObject = (typeof HISTORY_OBJECTS)[number];

export const ActivityCheckpointSchema = z.object({
  v: z.literal(1),
  source: z.literal('hubspot.activities'),
  cursors: z.object(Object.fromEntries(HISTORY_OBJECTS.map((o) => [o, CursorSchema])) as Record<HistoryObject, typeof CursorSchema>),
});
export type ActivityCheckpoint = z.output<typeof ActivityCheckpointSchema>;

/** The checkpoint when it is valid for this schema, else null (start over). */
export function readCheckpoint<S extends z.ZodType>(schema: S, checkpoint: Checkpoint | null): z.output<S> | null {
  if (checkpoint === null) return null;
  const parsed = schema.safeParse(checkpoint);
  return parsed.success ? parsed.data : null;
}
