// Sales-to-CSM handoff for closed-won deals: the checklist's deadlines and its status, which moves
// with the tasks crm-pulse made (DOMAIN.md sections 6 and 9).
import { type Deal, DAY_MS, type Policy, type TaskState, type HandoffStatus } from '../model/index.ts';


export interface Handoff {
  dealId: string;
  closedAt: number;
  /** The deal owner's checklist is due this many hours after close (72 by default). */
  ownerDueAt: number;
  /** The CSM's requirements validation is due this many days after close (30 by default). */
  validationDueAt: number;
  status: HandoffStatus;
  /** True when crm-pulse has not made this deal's tasks yet. */
  isNew: boolean;
}

export function handoffFor(deal: Deal, tasks: readonly TaskState[], asOf: number, policy: Policy): Handoff | null {
  if (!deal.won || deal.closedAt == null || deal.closedAt > asOf) return null;
  const closedAt = deal.closedAt;
  const { ownerDueHours, validationDueDays, lookbackDays } = policy.handoff;
  let handoffTask: TaskState | undefined;
  let validationTask: TaskState | undefined;
  for (const t of tasks) {
    if (t.dealId !== deal.id) continue;
    if (t.kind === 'handoff') handoffTask = t;
    else if (t.kind === 'validation') validationTask = t;
  }
  const isNew = !handoffTask && !validationTask;
  // Wins older than the look-back are history: they get no checklist (DOMAIN.md section 9).
  if (isNew && closedAt <= asOf - lookbackDays * DAY_MS) return null;
  const ownerDueAt = closedAt + ownerDueHours * 3_600_000;
  const validationDueAt = closedAt + validationDueDays * DAY_MS;
  let status: HandoffStatus;
  if (validationTask?.status === 'completed') status = 'validated';
  else if (asOf > validationDueAt) status = 'overdue';
  else if (handoffTask?.status === 'completed') status = 'submitted';
  else status = asOf > ownerDueAt ? 'overdue' : 'pending';
  return { dealId: deal.id, closedAt, ownerDueAt, validationDueAt, status, isNew };
}

/** Every won deal's handoff that still matters, most recently won first. */
export function handoffs(deals: readonly Deal[], tasks: readonly TaskState[], asOf: number, policy: Policy): Handoff[] {
  const out: Handoff[] = [];
  for (const d of deals) {
    const h = handoffFor(d, tasks, asOf, policy);
    if (h) out.push(h);
  }
  return out.sort((a, b) => b.closedAt - a.closedAt || (a.dealId < b.dealId ? -1 : 1));
}
