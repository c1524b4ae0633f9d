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
