// Reading HubSpot property values, which all travel as strings: instants come as ISO date-times
// or epoch milliseconds, numbers as decimal text. An empty value is "no value", never zero; a
// number that cannot be read stays NaN or Infinity for the caller to report.
import { parseInstant } from '../../model/index.ts';

export function hsTime(value: string | null | undefined): number | undefined {
  if (value == null || value === '') return undefined;
  // Epoch digits go through parseInstant too, which refuses what no Date can hold ("9" x 400 is Infinity).
  return parseInstant(/^\d+$/.test(value) ? Number(value) : value);
}

/** A number property's value; null when empty, NaN or ±Infinity when it cannot be read as a number. */
export function hsNumber(value: string | null | undefined): number | null {
  return value == null || value.trim() === '' ? null : Number(value);
}

/** Splits into chunks of at most `size` (HubSpot's batch caps). */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
