// The policy editor opened from the backtest page with the suggested weights
// (`/policy?from=backtest&day=…&health.weights.usage=…`): the weights go into the form as an
// unsaved draft over the policy in force, and the editor opens with the impact preview of that
// draft, so the admin sees what saving them would do before saving anything. Only the four
// weights are taken from the link, and the words around them are fixed, so a crafted link can put
// no text of its own on the page; the values are checked as any draft is.
import { z } from 'zod';
import { escapeHtml as e } from '../html.ts';
import { parseInput } from '../validate.ts';
import type { Values } from './policy-form.ts';

const weight = z.string().max(20);
const SuggestedQuery = z
  .object({
    from: z.literal('backtest'),
    day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    'health.weights.usage': weight,
    'health.weights.engagement': weight,
    'health.weights.tickets': weight,
    'health.weights.nps': weight,
  })
  .loose();

export interface Suggested {
  day: string;
  /** The weights as form values by path. */
  values: Values;
}

/** The suggested weights the link carries, or null when the editor was opened plainly. */
export function suggestedWeights(query: unknown): Suggested | null {
  if (typeof query !== 'object' || query === null || (query as Record<string, unknown>).from === undefined) return null;
  const q = parseInput(SuggestedQuery, query, 'query');
  const values: Values = {};
  for (const m of ['usage', 'engagement', 'tickets', 'nps'] as const) values[`health.weights.${m}`] = q[`health.weights.${m}`];
  return { day: q.day, values };
}

export function suggestedNotice(s: Suggested, base: string): string {
  return `<div class="notice" role="status" data-suggested-draft><p>Opened from the <a href="${e(base)}/backtest">backtest</a> of ${e(s.day)}: its suggested weights are in the form as a draft, not saved. <a href="#policy-result">The impact of saving them</a> is shown below the form; <strong>Save policy</strong> applies them.</p></div>`;
}
