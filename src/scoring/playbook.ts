// The playbook: which tasks an account needs now (rescue, renewal re-survey, handoff checklist,
// requirements validation), each with a stable dedupe key. Pure: the tasks already made come in as
// state, so running it twice over the same state asks for the same tasks and no more.
import { type Account, type Deal, addBusinessDays, DAY_MS, formatDay, type TaskIntent, type TaskState } from '../model/index.ts';
import type { CompiledPolicy } from './compile.ts';
import type { Handoff } from './handoff.ts';
import type { HealthResult } from './health.ts';
import type { RenewalResult } from './renewal.ts';
import type { Signal } from './signals.ts';

export interface PlaybookInput {
  account: Account;
  tier: string;
  health: HealthResult;
  signals: readonly Signal[];
  renewal: RenewalResult;
  handoffs: readonly Handoff[];
  deals: readonly Deal[];
  tasks: readonly TaskState[];
  why: string;
  asOf: number;
}

export function planTasks(input: PlaybookInput, compiled: CompiledPolicy): TaskIntent[] {
  const { account, tasks, asOf } = input;
  const { playbook, handoff } = compiled.policy;
  const csm = account.csmOwnerId ?? account.ownerId ?? null;
  const out: TaskIntent[] = [];

  const bandFires = compiled.rescueBands.has(input.health.band);
  const signalFires = input.signals.length > 0 && compiled.rescueTiers.has(input.tier);
  if (bandFires || signalFires) {
    const since = asOf - playbook.rescue.dedupeDays * DAY_MS;
    const blocked = tasks.some((t) => t.kind === 'rescue' && (t.status === 'open' || t.createdAt > since));
    if (!blocked) {
      const reasons = [...(bandFires ? [`${input.health.band} (health ${input.health.score})`] : []), ...input.signals.map((s) => s.code)];
      out.push({
        kind: 'rescue',
        key: `rescue:${account.id}:${formatDay(asOf)}`,
        ownerId: csm,
        subject: `${playbook.rescue.subject}: ${reasons.join(', ')}`,
        body: `${input.why}\n\n${playbook.rescue.recommendation}`,
        dueAt: addBusinessDays(asOf, playbook.rescue.dueBusinessDays),
        dealId: null,
        plannedAt: asOf,
      });
    }
  }

  const { stage } = input.renewal;
  if ((stage === 'upcoming' || stage === 'due' || stage === 'overdue') && account.contractEnd != null) {
    const end = formatDay(account.contractEnd);
    const key = `renewal:${account.id}:${end}`;
    if (!tasks.some((t) => t.key === key)) {
      out.push({
        kind: 'renewal',
        key,
        ownerId: csm,
        subject: `${playbook.renewal.subject}: contract ends ${end}`,
        body: `${playbook.renewal.body}\n\n${input.why}`,
        dueAt: asOf + playbook.renewal.dueDays * DAY_MS,
        dealId: null,
        plannedAt: asOf,
      });
    }
  }

  for (const h of input.handoffs) {
    if (!h.isNew) continue;
    const deal = input.deals.find((d) => d.id === h.dealId);
    const dealName = deal?.name ?? h.dealId;
    const checklist = handoff.items.map((item, i) => `${i + 1}. ${item}`).join('\n');
    out.push({
      kind: 'handoff',
      key: `handoff:${h.dealId}`,
      ownerId: deal?.ownerId ?? account.ownerId ?? null,
      subject: `${handoff.subject}: ${dealName}`,
      body: `Closed won ${formatDay(h.closedAt)}. Complete for the CSM:\n${checklist}`,
      dueAt: h.ownerDueAt,
      dealId: h.dealId,
      plannedAt: asOf,
    });
    out.push({
      kind: 'validation',
      key: `validation:${h.dealId}`,
      ownerId: csm,
      subject: `${handoff.validationSubject}: ${dealName}`,
      body: `Confirm with the customer the needs, goals and success criteria handed over for ${dealName}.`,
      dueAt: h.validationDueAt,
      dealId: h.dealId,
      plannedAt: asOf,
    });
  }
  return out;
}
