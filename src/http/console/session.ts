// The console's session guard. A browser signed in carries the session id in an HttpOnly,
// SameSite=Strict cookie (Secure when the request came over HTTPS, directly or through a proxy
// that says so: app.ts trusts X-Forwarded-Proto). Every request renews the idle timeout. Every
// write must also carry the session's CSRF token, as the `_csrf` form field or the X-CSRF-Token
// header htmx sends; SameSite alone would leave older browsers and same-site pages open.
import { timingSafeEqual } from 'node:crypto';
import { parseCookie, stringifySetCookie } from 'cookie';
import type { Request, RequestHandler, Response } from 'express';
import type { ConsoleSession } from '../../store/index.ts';
import type { HttpDeps } from '../deps.ts';
import { HttpError } from '../errors.ts';

export const SESSION_COOKIE = 'crm_pulse_session';
export const DEFAULT_IDLE_MS = 30 * 60_000;
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface SignedIn {
  id: string;
  session: ConsoleSession;
}

export const idleMs = (deps: HttpDeps) => deps.consoleIdleMs ?? DEFAULT_IDLE_MS;

export function sessionId(req: Request): string | null {
  return parseCookie(req.get('cookie') ?? '')[SESSION_COOKIE] ?? null;
}

export function setSessionCookie(req: Request, res: Response, id: string, maxAgeMs: number): void {
  res.append('Set-Cookie', stringifySetCookie({ name: SESSION_COOKIE, value: id, httpOnly: true, secure: req.secure, sameSite: 'strict', path: '/admin', maxAge: Math.floor(maxAgeMs / 1000) }));
}

export function clearSessionCookie(req: Request, res: Response): void {
  res.append('Set-Cookie', stringifySetCookie({ name: SESSION_COOKIE, value: '', httpOnly: true, secure: req.secure, sameSite: 'strict', path: '/admin', maxAge: 0 }));
}

/** The signed-in session of a request (set by requireSession). */
export function signedIn(res: Response): SignedIn {
  return res.locals.signedIn as SignedIn;
}

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Whether a write carries the session's CSRF token (X-CSRF-Token header or `_csrf` field). */
export function csrfMatches(req: Request, csrf: string): boolean {
  const body = req.body as Record<string, unknown> | undefined;
  const given = req.get('x-csrf-token') ?? (typeof body?._csrf === 'string' ? body._csrf : '');
  return sameToken(given, csrf);
}

/** Pages need a live session (else: to the sign-in page); writes need its CSRF token too. */
export function requireSession(deps: HttpDeps): RequestHandler {
  return async (req, res, next) => {
    const id = sessionId(req);
    const session = id ? await deps.store.sessions.touch(id, idleMs(deps)) : null;
    if (!id || !session) {
      // htmx would swap the sign-in page into a fragment: it is told to load it instead.
      if (req.get('hx-request')) {
        res.set('HX-Redirect', '/admin/sign-in').status(401).end();
        return;
      }
      if (req.method === 'GET') {
        res.redirect(303, '/admin/sign-in');
        return;
      }
      throw new HttpError(401, 'UNAUTHORIZED', ['sign in to the console again: the session ended']);
    }
    if (WRITES.has(req.method)) {
      if (!csrfMatches(req, session.csrf)) throw new HttpError(403, 'CSRF', ['the form is missing its CSRF token or it is stale: reload the page and try again']);
    }
    setSessionCookie(req, res, id, idleMs(deps));
    res.locals.signedIn = { id, session } satisfies SignedIn;
    next();
  };
}
