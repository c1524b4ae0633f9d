// Bounded numbers for every schema of the model: a finite range per setting or field, so that no
// sum or product computed from them can overflow, and a message that names the range.
import { z } from 'zod';

/** The largest money amount read or compared (ARR, revenue, a deal): a quadrillion. */
export const MAX_MONEY = 1e15;

const fmt = (n: number) => n.toLocaleString('en-US');

/** A number from `min` to `max`; every message, including "not a number", names the range. */
export function between(min: number, max: number, unit = '') {
  const message = rangeMessage(min, max, unit);
  return z.number({ message }).min(min, message).max(max, message);
}

/** A whole number from `min` to `max`. */
export function wholeBetween(min: number, max: number, unit = '') {
  const message = `must be a whole number from ${fmt(min)} to ${fmt(max)}${unit}`;
  return z.number({ message }).int(message).min(min, message).max(max, message);
}

/** More than 0 and at most `max` (a ratio, a target or a drop that 0 would make meaningless). */
export function aboveZero(max: number, unit = '') {
  const message = `must be more than 0 and at most ${fmt(max)}${unit}`;
  return z.number({ message }).gt(0, message).max(max, message);
}

/** The message of a range check done by hand (a number inside a union). */
export function rangeMessage(min: number, max: number, unit = ''): string {
  return `must be a number from ${fmt(min)} to ${fmt(max)}${unit}`;
}

/** Yearly growth of an industry, %: it cannot shrink by more than all of itself. */
export const growthPercent = between(-100, 10_000, ' % a year');

/** Money crm-pulse reads (ARR, revenue): never negative, at most MAX_MONEY. */
export const money = between(0, MAX_MONEY);
