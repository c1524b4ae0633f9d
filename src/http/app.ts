// The crm-pulse HTTP server as an express app, built by a function so tests call it on an
// ephemeral port: the HubSpot and Salesforce install flows, HubSpot webhooks and record card, the
// admin JSON API behind a bearer token, and health, readiness and metrics. Every answer carries
// helmet's security headers. Each request is logged without its query string (an OAuth callback
// carries a code, a sign-in link its one-time token) or headers.
import express, { type Express } from 'express';
import helmet from 'helmet';
import { adminAccounts } from './admin-accounts.ts';
import { adminBacktest } from './admin-backtest.ts';
import { requireAdmin } from './admin-auth.ts';
import { adminConnections } from './admin-connections.ts';
import { adminImpact } from './admin-impact.ts';
import { adminSettings } from './admin-settings.ts';
import { adminConsole } from './console/index.ts';
import type { HttpDeps } from './deps.ts';
import { errorBody, errorHandler } from './errors.ts';
import { health } from './health.ts';
import { hubspotCard } from './hubspot-card.ts';
import { installHubSpot } from './install-hubspot.ts';
import { installSalesforce } from './install-salesforce.ts';
import { jsonBody } from './json-body.ts';
import { webhooksHubSpot } from './webhooks-hubspot.ts';

const PROBES = new Set(['/healthz', '/readyz', '/metrics']);

export function createApp(deps: HttpDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', true);
  // helmet's defaults as they are: the console (console/) loads its scripts and stylesheet from
  // this origin and runs no inline script, so the default Content-Security-Policy needs no
  // exception, and the record card is JSON that HubSpot fetches server to server (hubspot.fetch).
  app.use(helmet());
  app.use((req, res, next) => {
    const started = performance.now();
    // Probes come every few seconds: they are logged only when debugging.
    const level = PROBES.has(req.path) ? 'debug' : 'info';
    res.on('finish', () => deps.logger[level]({ method: req.method, path: req.path, status: res.statusCode, ms: Math.round(performance.now() - started) }, 'request'));
    next();
  });

  app.use(health(deps));
  app.use(installHubSpot(deps));
  app.use(installSalesforce(deps));
  app.use(webhooksHubSpot(deps));
  app.use(hubspotCard(deps));

  const admin = express.Router();
  admin.use(requireAdmin(deps.adminToken), jsonBody);
  admin.use(adminConnections(deps), adminSettings(deps), adminAccounts(deps), adminImpact(deps), adminBacktest(deps));
  app.use('/api', admin);
  app.use(adminConsole(deps));

  app.use((_req, res) => {
    res.status(404).json(errorBody('NOT_FOUND', ['no such route']));
  });
  app.use(errorHandler(deps.logger));
  return app;
}
