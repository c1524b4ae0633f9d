// Reading HubSpot property values, which all travel as strings: instants come as ISO date-times
// or epoch milliseconds, numbers as decimal text; anything else is "no value", never zero.
import { parseInstant } from '../../model/index.ts';

export function hsTime(value: string | null | undefined): number | undefined {
  if (value == null || value === '') return undefined;
  // Epoch digits go through parseInstant too, which refuses what no Date can hold ("9" x 400 is Infinity).
  return parseInstant(/^\d+$/.test(value) ? Number(value) : value);
}

export function hsNumber(value: string | null | undefined): number | undefined {
  if (value == null || value.trim() === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

/** Splits into chunks of at most `size` (HubSpot's batch caps). */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
