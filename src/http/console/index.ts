// The admin console at /admin: server-rendered pages over the same store, queue and checks as
// the admin API, with htmx for the parts that answer in place (previews, inline problems).
// Public: the static files and signing in. Everything else needs a session (session.ts).
import express, { type ErrorRequestHandler, Router } from 'express';
import type { HttpDeps } from '../deps.ts';
import { HttpError } from '../errors.ts';
import { escapeHtml as e } from '../html.ts';
import { consoleAccount } from './account.ts';
import { consoleAssets } from './assets.ts';
import { consoleAudit } from './audit.ts';
import { consoleBacktest } from './backtest.ts';
import { consoleConnections } from './connections.ts';
import { page } from './layout.ts';
import { consoleMapping } from './mapping.ts';
import { consolePolicy } from './policy.ts';
import { consolePortfolio } from './portfolio.ts';
import { consoleRunWatch } from './run-watch.ts';
import { requireSession } from './session.ts';
import { consoleSignIn } from './sign-in.ts';

// Known problems read as a page (or, for htmx, the fragment it swaps in); others go on to the JSON handler.
const htmlErrors: ErrorRequestHandler = (error: unknown, req, res, next) => {
  if (!(error instanceof HttpError)) {
    next(error);
    return;
  }
  const body = `<div class="problems" role="alert"><p><code>${e(error.code)}</code></p><ul>${error.errors.map((m) => `<li>${e(m)}</li>`).join('')}</ul></div>`;
  res.status(error.status).type('html').send(req.get('hx-request') ? body : page({ title: 'Something is wrong', connectionId: null, csrf: null }, `${body}<p><a href="/admin">Back to the console</a></p>`));
};

export function adminConsole(deps: HttpDeps): Router {
  const router = Router();
  router.use(consoleAssets(), consoleSignIn(deps));
  const pages = Router();
  pages.use(express.urlencoded({ extended: false, limit: '200kb' }), requireSession(deps));
  pages.use(consoleConnections(deps), consoleMapping(deps), consolePolicy(deps), consoleBacktest(deps), consolePortfolio(deps), consoleAccount(deps), consoleAudit(deps), consoleRunWatch(deps));
  pages.use(htmlErrors);
  router.use('/admin', pages);
  return router;
}
