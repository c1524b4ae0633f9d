// The admin API's guard: `Authorization: Bearer <CRM_PULSE_ADMIN_TOKEN>`, compared in constant
// time (digests of equal length, so neither the token nor its length leaks through timing).
// Without a configured token the admin API is off.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Secret } from '../config/index.ts';
import { HttpError } from './errors.ts';

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/** Whether `given` is the admin token, compared in constant time; always false without one. */
export function adminTokenCheck(token: Secret | null): (given: string) => boolean {
  const expected = token ? digest(token.reveal()) : null;
  return (given) => expected !== null && timingSafeEqual(digest(given), expected);
}

export function requireAdmin(token: Secret | null): RequestHandler {
  const expected = token ? digest(token.reveal()) : null;
  return (req, _res, next) => {
    if (!expected) throw new HttpError(503, 'ADMIN_DISABLED', ['the admin API is off: set CRM_PULSE_ADMIN_TOKEN (at least 16 characters) and restart']);
    const match = /^Bearer (.+)$/.exec(req.get('authorization') ?? '');
    if (!match || !timingSafeEqual(digest(match[1]!), expected)) {
      throw new HttpError(401, 'UNAUTHORIZED', ['send the admin token as "Authorization: Bearer <CRM_PULSE_ADMIN_TOKEN>"']);
    }
    next();
  };
}
