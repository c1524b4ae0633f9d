// The readable summary `crm-pulse run` prints without --json: what each connection's cycle did,
// the API calls it made, the CRM's daily API budget (and a pause on it), the first problems, and on
// a dry run each write it would have made.
import type { RunSummary } from './run.ts';

const n = (x: number) => x.toLocaleString('en');
const PROBLEMS_SHOWN = 10;

export function formatRunSummary(s: RunSummary): string {
  const lines: string[] = [];
  if (s.planned) {
    for (const p of s.planned) {
      const values = Object.entries(p.values).map(([field, value]) => `${field}=${JSON.stringify(value)}`);
      lines.push(`would write ${p.accountId}${p.name ? ` (${p.name})` : ''}: ${values.join(', ') || 'no field changes'}`);
      for (const t of p.tasks) lines.push(`  would create ${t.kind} task "${t.subject}" due ${t.dueAt.slice(0, 10)} for owner ${t.ownerId ?? 'none'}`);
    }
  }
  for (const c of s.connections) {
    const how = `${c.mode}${s.dryRun ? ' dry' : ''} run ${c.runId}${c.joined ? ' (joined the sync under way)' : ''}`;
    const status = c.pausedUntil ? `paused until ${c.pausedUntil} (crm-pulse resumes by itself)` : c.status;
    lines.push(`${c.connectionId}: ${how} ${status}${c.error ? `: ${c.error.code}: ${c.error.message}` : ''}`);
    const k = c.counts;
    lines.push(`  accounts: ${n(k.accountsRead)} read (${n(k.accountsSkipped)} as last scored), ${n(k.accountsScored)} scored, ${n(k.accountsWritten)} ${s.dryRun ? 'to write' : 'written'}, ${n(k.accountsUnchanged)} unchanged; activities: ${n(k.activitiesRead)} read`);
    lines.push(`  tasks: ${n(k.tasksCreated)} created, ${n(k.tasksSkipped)} skipped as duplicates; handoffs: ${n(k.handoffs)}; problems: ${n(k.errors)}`);
    const calls = Object.entries(c.apiCalls).sort((a, b) => b[1] - a[1]);
    lines.push(`  API calls: ${n(calls.reduce((sum, [, x]) => sum + x, 0))}${calls.length ? ` (${calls.map(([route, x]) => `${route} ${n(x)}`).join(', ')})` : ''}`);
    const u = c.apiUsage;
    if (u) {
      const pct = (share: number) => `${Math.round(share * 100)} %`;
      lines.push(`  API budget: ${n(u.used)} of ${n(u.max)} calls in the last 24 hours (${pct(u.share)}, all of the org's integrations); crm-pulse pauses at ${pct(u.pauseAtShare)}`);
    }
  }
  for (const e of s.errors.slice(0, PROBLEMS_SHOWN)) lines.push(`problem: ${e.accountId ? `account ${e.accountId}: ` : ''}${e.code}: ${e.message}`);
  if (s.errors.length > PROBLEMS_SHOWN) lines.push(`... and ${n(s.errors.length - PROBLEMS_SHOWN)} more problems (see --json or the run history)`);
  // Paused on a limit that lifts by itself is not the failure an admin must act on.
  const verdict = s.ok ? 'done' : s.connections.every((c) => c.status !== 'failed') ? 'paused' : 'failed';
  lines.push(`${verdict} in ${(s.durationMs / 1000).toFixed(1)} s (as of ${s.asOf})`);
  return `${lines.join('\n')}\n`;
}
