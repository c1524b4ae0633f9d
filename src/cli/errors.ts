// `crm-pulse errors [CODE]`: every error code crm-pulse gives, with what happened and what an
// admin does about it, read from the registry (src/model/error-codes.ts). Without a code it prints
// docs/errors.md, so the page cannot drift from the codes crm-pulse gives.
import { API_ERROR_CODES, ERROR_CODES, type ErrorCode, type ApiErrorCode } from '../model/index.ts';

const ACTIONS = { retry: 'retried', stop: 'connection stopped', skip: 'record skipped' } as const;

const cell = (text: string) => text.replace(/\|/g, '\\|');

export function errorsMarkdown(): string {
  const lines = [
    '# Error codes',
    '',
    'Generated from `src/model/error-codes.ts` by `npm run docs:errors` (a test fails when this page is out of date).',
    '`crm-pulse errors CODE` prints one of them.',
    '',
    "Every problem crm-pulse reports carries one of these codes: in a run's summary and errors",
    '(`crm-pulse run`, `GET /api/connections/:id/runs`), in the connection status, and in the logs.',
    'What crm-pulse does next depends on the kind: a **retried** problem passes by itself; a',
    '**connection stopped** waits for an admin (or, for a spent API budget, for the reset); a',
    '**record skipped** leaves that one record and goes on with the rest.',
    '',
    '| code | then | what happened | what to do |',
    '|---|---|---|---|',
    ...Object.entries(ERROR_CODES).map(([code, e]) => `| \`${code}\` | ${ACTIONS[e.action]} | ${cell(e.happened)} | ${cell(e.fix)} |`),
    '',
    '## Admin API answers',
    '',
    'The admin API and the install and webhook routes answer errors as `{ "error": { "code", "errors": [...] } }`,',
    'with a code above (a stopped connection answers 502, a setting missing 503) or one of these:',
    '',
    '| code | status | what happened | what to do |',
    '|---|---|---|---|',
    ...Object.entries(API_ERROR_CODES).map(([code, e]) => `| \`${code}\` | ${e.status} | ${cell(e.happened)} | ${cell(e.fix)} |`),
    '',
  ];
  return lines.join('\n');
}

/** One code's explanation, or null when crm-pulse has no such code. */
export function explainCode(code: string): string | null {
  const upper = code.toUpperCase();
  if (Object.hasOwn(ERROR_CODES, upper)) {
    const e = ERROR_CODES[upper as ErrorCode];
    return `${upper} (${ACTIONS[e.action]})\n  what happened: ${e.happened}\n  what to do:    ${e.fix}\n`;
  }
  if (Object.hasOwn(API_ERROR_CODES, upper)) {
    const e = API_ERROR_CODES[upper as ApiErrorCode];
    return `${upper} (HTTP ${e.status})\n  what happened: ${e.happened}\n  what to do:    ${e.fix}\n`;
  }
  return null;
}
