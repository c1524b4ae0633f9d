// The one-line why written to the CRM record: score and band, each measure's value and points,
// the fired signals. At most 255 characters and free of values that change by themselves from day
// to day (dates, never "34 days"), so an unchanged account is not rewritten.
import type { Account } from '../model/index.ts';
import type { HealthResult, Measure } from './health.ts';
import { roundHalfUp } from './round.ts';
import type { Signal } from './signals.ts';

export const WHY_MAX = 255;

// Validation keeps every input finite; should a non-finite value reach the line anyway, it reads
// "n/a" rather than printing Infinity or NaN on the customer's record.
function shown(x: number | string | boolean | undefined): string {
  return typeof x === 'number' && Number.isFinite(x) ? String(x) : 'n/a';
}

function pts(m: Measure): string {
  return `${shown(roundHalfUp(m.points ?? 0))}/${shown(m.weight)}`;
}

function describe(m: Measure): string {
  if (m.raw === null) return m.name === 'nps' ? 'NPS n/a' : `${m.name} n/a`;
  switch (m.name) {
    case 'usage':
      return `usage ${shown(roundHalfUp(m.raw * 100))}% ${pts(m)}`;
    case 'engagement':
      return `meetings ${shown(roundHalfUp(m.raw))}/${shown(m.detail.target)} min ${pts(m)}`;
    case 'tickets': {
      const high = m.detail.openHigh ? ` (${shown(m.detail.openHigh)} high)` : '';
      const rising = m.detail.rising ? `, rising ${shown(m.detail.recent)} vs ${shown(m.detail.previous)}` : '';
      return `tickets ${shown(m.raw)} open${high}${rising} ${pts(m)}`;
    }
    case 'nps':
      return m.detail.scale === 'response' ? `NPS ${shown(m.raw)}/10 ${pts(m)}` : `NPS ${shown(m.raw)} ${pts(m)}`;
  }
}

export function explainLine(account: Account, health: HealthResult, signals: readonly Signal[]): string {
  const parts = [`Health ${shown(health.score ?? undefined)} ${health.band}`];
  for (const m of health.measures) if (m.weight > 0) parts.push(describe(m));
  for (const s of signals) if (s.code !== 'TICKETS_RISING') parts.push(s.evidence);
  if (account.lastLoginAt == null) parts.push('login unknown');
  const line = parts.join(' | ');
  return line.length <= WHY_MAX ? line : `${line.slice(0, WHY_MAX - 1)}…`;
}
