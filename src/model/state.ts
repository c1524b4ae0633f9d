// What crm-pulse remembers about an account between runs and hands back to the pure rules:
// daily score snapshots (trend, drops) and the tasks it already made (dedupe, handoff status);
// and the task the playbook asks for, which the connectors create.
import { z } from 'zod';
import { instant } from './dates.ts';

export const SnapshotSchema = z.object({
  date: instant,
  score: z.number().nullish(),
  nps: z.number().nullish(),
});
export type Snapshot = z.output<typeof SnapshotSchema>;

export const TASK_KINDS = ['renewal', 'rescue', 'handoff', 'validation'] as const;
export type TaskKind = (typeof TASK_KINDS)[number];

/** A task the playbook asks for; connectors create it, keyed for dedupe. */
export interface TaskIntent {
  kind: TaskKind;
  /** Stable dedupe key: the same need always yields the same key. */
  key: string;
  ownerId: string | null;
  subject: string;
  body: string;
  dueAt: number;
  dealId: string | null;
  /**
   * The as-of the playbook planned it for: the task's creation time for every rule (rescue
   * dedupe), so a replayed date sees the tasks as they were made then, not on the wall clock.
   */
  plannedAt: number;
}

export const TaskStateSchema = z.object({
  key: z.string().min(1),
  kind: z.enum(TASK_KINDS),
  status: z.enum(['open', 'completed']),
  createdAt: instant,
  dealId: z.string().nullish(),
});
export type TaskState = z.output<typeof TaskStateSchema>;
