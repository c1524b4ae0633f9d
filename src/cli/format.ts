// Output formats of `crm-pulse score`: one JSON object a line, or a readable table.
import type { ScoreResult } from '../scoring/index.ts';

export interface Scored {
  result: ScoreResult;
  segment?: string | null;
  cluster?: number | null;
}

// Tasks are listed by what a reader checks (kind, key, owner, subject, due date); their bodies,
// long and built from the why and the policy's texts, go to the CRM with the task, not here.
function taskView(t: ScoreResult['tasks'][number]) {
  return { kind: t.kind, key: t.key, ownerId: t.ownerId, subject: t.subject, dueAt: new Date(t.dueAt).toISOString(), dealId: t.dealId };
}

export function toJsonLine({ result, segment, cluster }: Scored): string {
  const view = { ...result, tasks: result.tasks.map(taskView), ...(segment === undefined ? {} : { segment, cluster: cluster ?? null }) };
  return `${JSON.stringify(view)}\n`;
}

const COLUMNS = [
  ['ACCOUNT', 24],
  ['TIER', 10],
  ['HEALTH', 6],
  ['BAND', 17],
  ['TREND', 5],
  ['RENEWAL', 8],
  ['LIFECYCLE', 9],
  ['SIGNALS', 24],
] as const;

function cell(text: string, width: number): string {
  return text.length > width ? `${text.slice(0, width - 1)}…` : text.padEnd(width);
}

export function tableHeader(withSegment: boolean): string {
  return `${COLUMNS.map(([name, w]) => cell(name, w)).join(' ')}${withSegment ? ` ${cell('SEGMENT', 20)}` : ''} WHY\n`;
}

export function toTableRow({ result: r, segment }: Scored): string {
  const values = [
    r.name ?? r.accountId,
    r.tier,
    r.health.score === null ? '-' : String(r.health.score),
    r.health.band,
    r.health.trend === null ? '-' : (r.health.trend > 0 ? '+' : '') + r.health.trend,
    r.renewal.stage,
    r.lifecycle,
    r.signals.map((s) => s.code).join(',') || '-',
  ];
  const seg = segment === undefined ? '' : ` ${cell(segment ?? '-', 20)}`;
  const why = r.why.slice(r.why.indexOf('|') + 2);
  return `${values.map((v, i) => cell(v, COLUMNS[i]![1])).join(' ')}${seg} ${why}\n`;
}
