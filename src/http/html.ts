// The few HTML pages the server shows a person (the end of an install flow): escaped text in a
// minimal page. Everything else the server answers is JSON.

/** Text safe to put in HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A page titled `title`; `body` is HTML the caller escaped. */
export function htmlPage(title: string, body: string): string {
  return `<!doctype html><meta charset="utf-8"><title>${escapeHtml(title)}</title>${body}`;
}

/** The page an install ends on once the first sync is queued: which CRM account, as which connection, which run. */
export function connectedPage(o: { crmAccount: string; connectionId: string; runId: string; records: string }): string {
  return htmlPage(
    'crm-pulse connected',
    `<h1>crm-pulse is connected</h1><p>${escapeHtml(o.crmAccount)} is connected as <code>${escapeHtml(o.connectionId)}</code>. The first sync (run <code>${escapeHtml(o.runId)}</code>) has started; scores appear on ${escapeHtml(o.records)} records as it goes.</p>`,
  );
}
