// Settles, at the start of a run, the tasks a crash or an outage left reserved: each is looked up
// by key (reconcile-tasks.ts) and confirmed when found; one not in the CRM is created from the
// plan its account's score left (store/planned-tasks.ts), whether or not the account changed
// since, so a task the playbook asked for never waits for its account to be re-scored.
import type { TaskToCreate } from '../connectors/index.ts';
import type { TaskRecord } from '../store/index.ts';
import { createTasks, type TasksReport } from './create-tasks.ts';
import { reconcileTasks } from './reconcile-tasks.ts';
import type { WriteContext } from './write-fields.ts';

export interface SettleTasksInput extends WriteContext {
  /** Reservations old enough that no live worker still holds them. */
  stale: readonly TaskRecord[];
}

export async function settleTasks(input: SettleTasksInput): Promise<TasksReport | null> {
  const { connectionId, connector, store } = input;
  const { released } = await reconcileTasks(connector, store.tasks, connectionId, input.stale);
  if (released.length === 0) return null;
  const accountIds = [...new Set(released.map((r) => r.accountId))];
  const plans = await store.plannedTasks.getMany(connectionId, accountIds);
  const keys = new Set(released.map((r) => r.key));
  const tasks: TaskToCreate[] = accountIds.flatMap((id) => (plans.get(id) ?? []).filter((t) => keys.has(t.key)).map((t) => ({ ...t, accountId: id })));
  const report = await createTasks({ ...input, tasks });
  await keepPlans(input, accountIds, report.deferred);
  return report;
}

/**
 * After a create pass over these accounts: their plans are done, except the tasks left reserved,
 * whose plan the next run's settlement creates them from.
 */
export async function keepPlans(input: WriteContext, accountIds: readonly string[], deferred: readonly TaskToCreate[]): Promise<void> {
  const left = new Map<string, TaskToCreate[]>();
  for (const t of deferred) left.set(t.accountId, [...(left.get(t.accountId) ?? []), t]);
  await input.store.plannedTasks.setMany(
    input.connectionId,
    accountIds.map((accountId) => ({ accountId, tasks: (left.get(accountId) ?? []).map(({ accountId: _a, ...intent }) => intent) })),
  );
}
