// One account with everything the rules read: the unit a connector yields, the CLI reads as a
// JSONL line, and the scoring engine takes.
import { z } from 'zod';
import { accountFields } from './account.ts';
import { ActivitySchema, DealSchema } from './activity.ts';
import { SnapshotSchema, TaskStateSchema } from './state.ts';

export const AccountRecordSchema = z.object({
  ...accountFields,
  activities: z.array(ActivitySchema).default([]),
  deals: z.array(DealSchema).default([]),
  snapshots: z.array(SnapshotSchema).default([]),
  tasks: z.array(TaskStateSchema).default([]),
});
export type AccountRecord = z.output<typeof AccountRecordSchema>;
export type AccountRecordInput = z.input<typeof AccountRecordSchema>;
