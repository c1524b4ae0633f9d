// Reads the CRM status of our open tasks, because handoff status moves with them (checklist
// completed -> submitted, validation completed -> validated) and a completed rescue task no longer
// blocks the next one. A rescue task deleted in the CRM counts as completed, so it cannot block
// rescues forever; a deleted handoff or validation task keeps its last status.
import type { Connector } from '../connectors/index.ts';
import type { TaskRecord } from '../store/index.ts';

export interface StatusChange {
  key: string;
  status: 'open' | 'completed';
}

/** The status changes of `records` (only open, confirmed tasks are read). */
export async function taskStatusChanges(connector: Connector, records: readonly TaskRecord[]): Promise<StatusChange[]> {
  const open = records.filter((r) => r.status === 'open' && r.crmId !== null);
  if (open.length === 0) return [];
  const current = new Map((await connector.taskStatus(open.map((r) => r.crmId!))).map((t) => [t.crmId, t.status]));
  const changes: StatusChange[] = [];
  for (const r of open) {
    const status = current.get(r.crmId!) ?? (r.kind === 'rescue' ? 'completed' : 'open');
    if (status !== r.status) changes.push({ key: r.key, status });
  }
  return changes;
}
