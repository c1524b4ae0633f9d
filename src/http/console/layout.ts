// The console's page shell: navigation, the stylesheet, htmx and the console's own script, all
// served from this origin (the Content-Security-Policy allows nothing else). The CSRF token rides
// on <body> as hx-headers, so every htmx write sends it; plain forms carry it as `_csrf`.
import { escapeHtml as e } from '../html.ts';

export interface Shell {
  title: string;
  /** The connection the pages are about; null on the sign-in page. */
  connectionId: string | null;
  csrf: string | null;
  /** Which nav entry is current. */
  current?: string;
}

const NAV = [
  ['connections', 'Connections', ''],
  ['portfolio', 'Portfolio', '/portfolio'],
  ['mapping', 'Field mapping', '/mapping'],
  ['policy', 'Policy', '/policy'],
  ['backtest', 'Backtest', '/backtest'],
  ['runs', 'Runs', '/runs'],
  ['audit', 'Audit', '/audit'],
] as const;

// htmx swaps error answers too: a 422 carries the form again with its problems.
const HTMX_CONFIG = JSON.stringify({ responseHandling: [{ code: '204', swap: false }, { code: '[2345]..', swap: true }, { code: '...', swap: false, error: true }], includeIndicatorStyles: false });

function nav(s: Shell): string {
  const items = NAV.map(([key, label, path]) => {
    const href = key === 'connections' || !s.connectionId ? '/admin' : `/admin/c/${encodeURIComponent(s.connectionId)}${path}`;
    if (key !== 'connections' && !s.connectionId) return '';
    return `<li><a href="${e(href)}"${s.current === key ? ' aria-current="page"' : ''}>${label}</a></li>`;
  }).join('');
  const out = s.csrf ? `<form method="post" action="/admin/sign-out" class="sign-out"><input type="hidden" name="_csrf" value="${e(s.csrf)}"><button type="submit">Sign out</button></form>` : '';
  return `<header><a class="brand" href="/admin">crm-pulse</a>${s.connectionId ? `<span class="conn">${e(s.connectionId)}</span>` : ''}<nav aria-label="Console"><ul>${items}</ul></nav>${out}</header>`;
}

export function page(s: Shell, main: string): string {
  const headers = s.csrf ? ` hx-headers="${e(JSON.stringify({ 'X-CSRF-Token': s.csrf }))}"` : '';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(s.title)} · crm-pulse</title><meta name="htmx-config" content="${e(HTMX_CONFIG)}">
<link rel="stylesheet" href="/admin/assets/console.css"><script src="/admin/assets/htmx.min.js" defer></script><script src="/admin/assets/chart.umd.min.js" defer></script><script src="/admin/assets/console.js" defer></script></head>
<body${headers}>${nav(s)}<main id="main"><h1>${e(s.title)}</h1>${main}</main></body></html>`;
}

/** A hidden CSRF field for a plain form. */
export const csrfField = (csrf: string) => `<input type="hidden" name="_csrf" value="${e(csrf)}">`;

/** Numbers as an admin reads them. */
export const fmt = (n: number | null | undefined, digits = 0) => (n == null ? '–' : n.toLocaleString('en-US', { maximumFractionDigits: digits }));
export const money = (n: number | null | undefined) => (n == null ? '–' : `$${Math.round(n).toLocaleString('en-US')}`);
export const when = (ms: number | null | undefined) => (ms == null ? '–' : new Date(ms).toISOString().replace('T', ' ').slice(0, 16) + ' UTC');
