// What the policy editor shows beside the draft: its impact on the portfolio (band and tier moves
// as matrices with counts and ARR, signals that start or stop, tasks by kind, the accounts that
// move most with their why before and after) and its result on one account.
import type { AccountPreview, Impact, Move, PreviewSide } from '../impact-contract.ts';
import { escapeHtml as e } from '../html.ts';
import { fmt, money } from './layout.ts';

const ORDER = ['healthy', 'watch', 'at_risk', 'insufficient_data'];

function matrix(title: string, moves: readonly Move[], id: string, order: readonly string[] = []): string {
  const names = [...new Set([...order.filter((n) => moves.some((m) => m.from === n || m.to === n)), ...moves.flatMap((m) => [m.from, m.to])])];
  const cell = (from: string, to: string) => {
    const m = moves.find((x) => x.from === from && x.to === to);
    if (!m) return '<td class="num muted">–</td>';
    return `<td class="num${from === to ? ' muted' : ''}" data-from="${e(from)}" data-to="${e(to)}" data-count="${m.count}"><strong>${fmt(m.count)}</strong><br>${money(m.arr)}</td>`;
  };
  const moved = moves.filter((m) => m.from !== m.to).reduce((a, m) => ({ count: a.count + m.count, arr: a.arr + m.arr }), { count: 0, arr: 0 });
  return `<h3 id="${id}">${e(title)}</h3><p>${fmt(moved.count)} account${moved.count === 1 ? '' : 's'} move (ARR ${money(moved.arr)}).</p>
<div class="scroll"><table aria-labelledby="${id}" data-matrix="${id}"><thead><tr><th>from \\ to</th>${names.map((n) => `<th scope="col" class="num">${e(n.replace('_', ' '))}</th>`).join('')}</tr></thead>
<tbody>${names.map((f) => `<tr><th scope="row">${e(f.replace('_', ' '))}</th>${names.map((t) => cell(f, t)).join('')}</tr>`).join('')}</tbody></table></div>`;
}

export function impactPanel(i: Impact): string {
  const signals = i.signals.length
    ? `<table><thead><tr><th>Signal</th><th class="num">Start</th><th class="num">Stop</th></tr></thead><tbody>${i.signals.map((s) => `<tr><td>${e(s.signal)}</td><td class="num">${fmt(s.starts)}</td><td class="num">${fmt(s.stops)}</td></tr>`).join('')}</tbody></table>`
    : '<p>No signal starts or stops.</p>';
  const tasks = i.tasks.length
    ? `<table data-tasks><thead><tr><th>Task kind</th><th class="num">Would be created</th></tr></thead><tbody>${i.tasks.map((t) => `<tr><td>${e(t.kind)}</td><td class="num" data-kind="${e(t.kind)}">${fmt(t.count)}</td></tr>`).join('')}</tbody></table>`
    : '<p>No task would be created.</p>';
  const side = (s: { score: number | null; band: string; tier: string; why: string }) => `<span class="badge band-${e(s.band)}">${e(s.band)}</span> ${fmt(s.score)} · ${e(s.tier)}<br><span class="help">${e(s.why)}</span>`;
  const movers = i.movers.length
    ? `<div class="scroll"><table><thead><tr><th>Account</th><th>Before</th><th>After</th></tr></thead><tbody>${i.movers.map((m) => `<tr><td>${e(m.name ?? m.accountId)}</td><td>${side(m.before)}</td><td>${side(m.after)}</td></tr>`).join('')}</tbody></table></div>`
    : '<p>No account moves.</p>';
  return `<h2>Impact of the draft</h2><p class="muted" data-impact-accounts="${i.accounts}">${fmt(i.accounts)} cached accounts re-scored in ${fmt(i.ms)} ms; nothing was saved or written.</p>
${matrix('Health bands', i.bands, 'impact-bands', ORDER)}${matrix('Tiers', i.tiers, 'impact-tiers')}
<div class="grid two"><div><h3>Churn signals</h3>${signals}</div><div><h3>Tasks</h3>${tasks}</div></div>
<h3>Accounts that move most</h3>${movers}`;
}

function sideDetail(title: string, s: PreviewSide): string {
  const measures = s.explanation.measures
    .map((m) => `<tr><td>${e(m.measure)}</td><td class="num">${m.value === null ? '–' : fmt(m.value, 2)}</td><td class="num">${fmt(m.subScore, 1)}</td><td class="num">${fmt(m.weight)}</td><td class="num">${fmt(m.points, 1)}</td></tr>`)
    .join('');
  return `<div><h3>${e(title)}</h3><p><span class="badge band-${e(s.band)}">${e(s.band)}</span> score <strong>${fmt(s.score)}</strong>, tier <strong>${e(s.tier)}</strong></p><p class="help">${e(s.why)}</p>
<table><thead><tr><th>Measure</th><th class="num">Value</th><th class="num">Sub-score</th><th class="num">Weight</th><th class="num">Points</th></tr></thead><tbody>${measures}</tbody></table>
<p>Signals: ${s.signals.length ? s.signals.map((x) => `<code>${e(x.signal)}</code> ${e(x.evidence)}`).join('; ') : 'none'}</p>
<p>Tasks: ${s.tasks.length ? s.tasks.map((t) => `${e(t.kind)} “${e(t.subject)}” due ${e(t.dueAt.slice(0, 10))}`).join('; ') : 'none'}</p></div>`;
}

export function previewPanel(accountId: string, p: AccountPreview): string {
  return `<h2>The draft on account ${e(accountId)}</h2><div class="grid two">${sideDetail('Now', p.before)}${sideDetail('Under the draft', p.after)}</div>`;
}
