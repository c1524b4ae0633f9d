// The one-line why written to the CRM record: score and band, each measure's value and points,
// the fired signals. At most 255 characters and free of values that change by themselves from day
// to day (dates, never "34 days"), so an unchanged account is not rewritten.
import type { Account } from '../model/index.ts';
import type { HealthResult, Measure } from './health.ts';
import { roundHalfUp } from './round.ts';
import type { Signal } from './signals.ts';

export const WHY_MAX = 255;

function pts(m: Measure): string {
  return `${roundHalfUp(m.points ?? 0)}/${m.weight}`;
}

function describe(m: Measure): string {
  if (m.raw === null) return m.name === 'nps' ? 'NPS n/a' : `${m.name} n/a`;
  switch (m.name) {
    case 'usage':
      return `usage ${roundHalfUp(m.raw * 100)}% ${pts(m)}`;
    case 'engagement':
      return `meetings ${roundHalfUp(m.raw)}/${m.detail.target} min ${pts(m)}`;
    case 'tickets': {
      const high = m.detail.openHigh ? ` (${m.detail.openHigh} high)` : '';
      const rising = m.detail.rising ? `, rising ${m.detail.recent} vs ${m.detail.previous}` : '';
      return `tickets ${m.raw} open${high}${rising} ${pts(m)}`;
    }
    case 'nps':
      return m.detail.scale === 'response' ? `NPS ${m.raw}/10 ${pts(m)}` : `NPS ${m.raw} ${pts(m)}`;
  }
}

export function explainLine(account: Account, health: HealthResult, signals: readonly Signal[]): string {
  const parts = [health.score === null ? `Health n/a ${health.band}` : `Health ${health.score} ${health.band}`];
  for (const m of health.measures) if (m.weight > 0) parts.push(describe(m));
  for (const s of signals) if (s.code !== 'TICKETS_RISING') parts.push(s.evidence);
  if (account.lastLoginAt == null) parts.push('login unknown');
  const line = parts.join(' | ');
  return line.length <= WHY_MAX ? line : `${line.slice(0, WHY_MAX - 1)}…`;
}
