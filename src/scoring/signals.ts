// Churn signals: reason codes that fire independently of the health band (DOMAIN.md section 4).
import { type Account, dayNumber, formatDay, type Snapshot, type SignalCode } from '../model/index.ts';
import { type ActivitySummary, ticketsRising } from './activity-summary.ts';
import type { CompiledPolicy } from './compile.ts';


export interface Signal {
  code: SignalCode;
  /** Human evidence for the one-line why; never a count of days that changes by itself. */
  evidence: string;
  data: Record<string, number | string>;
}

export interface SignalInput {
  account: Account;
  tier: string;
  summary: ActivitySummary;
  score: number | null;
  compared: Snapshot | null;
  asOf: number;
}

export function churnSignals({ account, tier, summary, score, compared, asOf }: SignalInput, compiled: CompiledPolicy): Signal[] {
  const { signals, health } = compiled.policy;
  const out: Signal[] = [];

  if (account.lastLoginAt != null) {
    const days = dayNumber(asOf) - dayNumber(account.lastLoginAt);
    const threshold = compiled.noLoginDays(tier);
    if (days >= threshold) {
      const since = formatDay(account.lastLoginAt);
      out.push({ code: 'NO_LOGIN', evidence: `no login since ${since}`, data: { lastLogin: since, days, threshold } });
    }
  }

  if (ticketsRising(summary, compiled)) {
    out.push({
      code: 'TICKETS_RISING',
      evidence: `tickets rising ${summary.ticketsRecent} vs ${summary.ticketsPrevious}`,
      data: { recent: summary.ticketsRecent, previous: summary.ticketsPrevious },
    });
  }

  const nps = account.nps;
  if (nps != null) {
    if (health.nps.scale === 'response') {
      if (nps <= signals.npsDrop.responseAtMost) {
        out.push({ code: 'NPS_DROP', evidence: `NPS response ${nps}`, data: { response: nps, atMost: signals.npsDrop.responseAtMost } });
      }
    } else if (compared?.nps != null && compared.nps - nps >= signals.npsDrop.points) {
      out.push({ code: 'NPS_DROP', evidence: `NPS ${compared.nps}->${nps}`, data: { before: compared.nps, now: nps } });
    }
  }

  if (score !== null && compared?.score != null && compared.score - score >= signals.healthDrop.points) {
    out.push({ code: 'HEALTH_DROP', evidence: `health ${compared.score}->${score}`, data: { before: compared.score, now: score } });
  }
  return out;
}
