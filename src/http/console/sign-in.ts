// Signing in and out of the console. The admin token is typed into a password field and posted
// once; what the browser keeps is a session cookie (session.ts), so the token never appears in a
// page, a URL or a log. A one-time sign-in link (the demo prints one) carries a token of its own
// that is exchanged for a session on first use and invalid after it.
import express, { Router } from 'express';
import { z } from 'zod';
import { adminTokenCheck } from '../admin-auth.ts';
import type { HttpDeps } from '../deps.ts';
import { HttpError } from '../errors.ts';
import { escapeHtml as e } from '../html.ts';
import { page } from './layout.ts';
import { clearSessionCookie, csrfMatches, idleMs, sessionId, setSessionCookie } from './session.ts';

const form = express.urlencoded({ extended: false, limit: '10kb' });
const SignInBody = z.object({ token: z.string().max(1000).default('') }).loose();
const LinkQuery = z.object({ t: z.string().min(1).max(200) }).loose();

function signInPage(problem: string | null): string {
  return page(
    { title: 'Sign in', connectionId: null, csrf: null },
    `<section class="signin"><form method="post" action="/admin/sign-in">
${problem ? `<p class="problems" role="alert" id="token-error">${e(problem)}</p>` : ''}
<div class="field"><label for="token">Admin token</label><input type="password" id="token" name="token" autocomplete="current-password" required${problem ? ' aria-invalid="true" aria-describedby="token-error"' : ''}>
<p class="help">The server's CRM_PULSE_ADMIN_TOKEN. It is exchanged for a session that ends after ${'{IDLE}'} minutes without use.</p></div>
<button type="submit">Sign in</button></form></section>`,
  );
}

export function consoleSignIn(deps: HttpDeps): Router {
  const router = Router();
  const isAdmin = adminTokenCheck(deps.adminToken);
  const render = (problem: string | null) => signInPage(problem).replace('{IDLE}', String(Math.round(idleMs(deps) / 60_000)));

  const start = async (req: express.Request, res: express.Response) => {
    const { id } = await deps.store.sessions.create(idleMs(deps));
    setSessionCookie(req, res, id, idleMs(deps));
    res.redirect(303, '/admin');
  };

  router.get('/admin/sign-in', (_req, res) => {
    if (!deps.adminToken) throw new HttpError(503, 'ADMIN_DISABLED', ['the admin console is off: set CRM_PULSE_ADMIN_TOKEN (at least 16 characters) and restart']);
    res.type('html').send(render(null));
  });

  router.post('/admin/sign-in', form, async (req, res) => {
    const { token } = SignInBody.parse(req.body ?? {});
    if (!isAdmin(token)) {
      res.status(401).type('html').send(render('That is not the admin token.'));
      return;
    }
    await start(req, res);
  });

  router.get('/admin/sign-in/link', async (req, res) => {
    const parsed = LinkQuery.safeParse(req.query);
    if (!parsed.success || !(await deps.store.sessions.consumeSignIn(parsed.data.t))) {
      res.status(400).type('html').send(render('That sign-in link was used already or has expired: sign in with the admin token.'));
      return;
    }
    await start(req, res);
  });

  // A live session signs out only with its CSRF token; one that already ended just loses its cookie.
  router.post('/admin/sign-out', form, async (req, res) => {
    const id = sessionId(req);
    const session = id ? await deps.store.sessions.touch(id, idleMs(deps)) : null;
    if (id && session) {
      if (!csrfMatches(req, session.csrf)) throw new HttpError(403, 'CSRF', ['the form is missing its CSRF token or it is stale: reload the page and try again']);
      await deps.store.sessions.delete(id);
    }
    clearSessionCookie(req, res);
    res.redirect(303, '/admin/sign-in');
  });

  return router;
}
