// Settles tasks whose create may or may not have happened: reserved in our store, but a crash or
// a lost answer left no CRM id. Their keys are looked up in the CRM; those found are confirmed
// (with their status), the rest released. Only reservations older than a job's lock are settled
// here, so a live worker's create in flight is never second-guessed. A confirmed task keeps the
// reservation's createdAt, the as-of it was planned for, not the CRM's wall-clock creation time.
import type { Connector, CrmTask } from '../connectors/index.ts';
import type { TaskRecord, TaskStore } from '../store/index.ts';

export interface Reconciled {
  confirmed: number;
  /** Not in the CRM: released, so they can be created again. */
  released: TaskRecord[];
}

/** Each key's task; a key twice in the CRM would be a duplicate made outside this guard, and the oldest is ours. */
export function oldestByKey(tasks: readonly CrmTask[]): Map<string, CrmTask> {
  const found = new Map<string, CrmTask>();
  for (const t of tasks) {
    const known = found.get(t.key);
    if (!known || t.createdAt < known.createdAt) found.set(t.key, t);
  }
  return found;
}

export async function reconcileTasks(connector: Connector, tasks: TaskStore, connectionId: string, pending: readonly TaskRecord[]): Promise<Reconciled> {
  if (pending.length === 0) return { confirmed: 0, released: [] };
  const found = oldestByKey(await connector.findTasks(pending));
  const confirmed = pending.filter((p) => found.has(p.key));
  const released = pending.filter((p) => !found.has(p.key));
  await tasks.confirm(
    connectionId,
    confirmed.map((p) => {
      const crm = found.get(p.key)!;
      return { key: p.key, accountId: p.accountId, kind: p.kind, dealId: p.dealId, crmId: crm.crmId, createdAt: p.createdAt, status: crm.status, subject: p.subject, dueAt: p.dueAt };
    }),
  );
  await tasks.release(connectionId, released);
  return { confirmed: confirmed.length, released };
}
