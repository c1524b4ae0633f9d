// The Salesforce install flow. GET /install/salesforce sends the admin to Salesforce's consent
// page (on SALESFORCE_LOGIN_URL, or the sandbox login domain with ?sandbox=1) with an unguessable,
// single-use `state` that remembers the domain; Salesforce sends them back to
// GET /oauth/salesforce/callback, where the state is checked, the code traded for tokens on that
// same domain, and the connection stored (credentials sealed, with the org's instance URL and the
// domain its tokens refresh at). Salesforce fields are metadata the admin deploys, never created
// here: the org is checked, and when something is missing the page shows the deploy report and the
// connection stays stopped until the admin deploys and connects again; otherwise it is scheduled
// and its first sync queued.
import { Router } from 'express';
import { z } from 'zod';
import { SANDBOX_LOGIN_URL } from '../connectors/index.ts';
import { ConnectionError } from '../model/index.ts';
import { enqueueSync, scheduleConnection } from '../jobs/index.ts';
import type { HttpDeps } from './deps.ts';
import { HttpError } from './errors.ts';
import { connectedPage, escapeHtml as escape, htmlPage } from './html.ts';
import { parseInput } from './validate.ts';

// No `connection` parameter: the install link needs no sign-in, so naming a connection would let
// anyone point it at another org. Connecting an org again finds its connection by org id.
const InstallQuery = z
  .object({
    /** Signs in on test.salesforce.com, where sandbox users log in. */
    sandbox: z.stringbool().optional(),
  })
  .strict();
// https://help.salesforce.com/s/articleView?id=xcloud.remoteaccess_oauth_web_server_flow.htm&type=5
// Success adds `code` and `state` (and the sfdc_community_* pair when the user signed in through
// an Experience Cloud site); a refusal sends `error` and `error_description`.
const CallbackQuery = z.union([
  z.object({ code: z.string().min(1), state: z.string().min(1), sfdc_community_url: z.string().optional(), sfdc_community_id: z.string().optional() }).strict(),
  z.object({ error: z.string().min(1), error_description: z.string().optional(), state: z.string().optional() }).strict(),
]);

/** What the admin sees when the org lacks crm-pulse's fields: connected, and how to finish (`again`: this install's link). */
function notReadyPage(id: string, orgId: string, report: string, again: string): string {
  return htmlPage(
    'crm-pulse: deploy the fields',
    `<h1>crm-pulse is connected, but the org is not ready</h1><p>Salesforce org ${escape(orgId)} is connected as <code>${escape(id)}</code>, and will not sync until crm-pulse's fields are deployed:</p><pre>${escape(report)}</pre><p>Once they are (run <code>crm-pulse salesforce check</code> to be sure), open <a href="${escape(again)}">${escape(again)}</a> again: crm-pulse checks the org once more and starts the first sync.</p>`,
  );
}

export function installSalesforce(deps: HttpDeps): Router {
  const router = Router();

  router.get('/install/salesforce', async (req, res) => {
    const query = parseInput(InstallQuery, req.query, 'query');
    const oauth = deps.salesforceOAuth(query.sandbox ? SANDBOX_LOGIN_URL : null);
    const state = await deps.store.oauthStates.create({ crm: 'salesforce', connectionId: null, returnTo: null, loginUrl: oauth.loginUrl }, req.ip ?? 'unknown');
    res.redirect(302, await oauth.authorizeUrl(state));
  });

  router.get('/oauth/salesforce/callback', async (req, res) => {
    const query = parseInput(CallbackQuery, req.query, 'query');
    if ('error' in query) {
      // A refused consent uses up its state too: the link cannot be replayed.
      if (query.state) await deps.store.oauthStates.take(query.state);
      throw new HttpError(400, 'SALESFORCE_DECLINED', [`Salesforce did not connect: ${query.error_description ?? query.error}`]);
    }
    const state = await deps.store.oauthStates.take(query.state);
    if (!state || state.crm !== 'salesforce') throw new HttpError(400, 'BAD_STATE', ['this install link expired or was already used; start again at /install/salesforce']);
    const oauth = deps.salesforceOAuth(state.loginUrl ?? null);
    const grant = await oauth.exchangeCode(query.code);
    const { orgId } = grant;
    const existing = await deps.store.connections.findByCrmAccount('salesforce', orgId);
    const id = existing ?? `salesforce-${orgId}`;
    await deps.store.connections.put({
      id,
      kind: 'salesforce',
      crmAccountId: orgId,
      label: `Salesforce ${orgId}`,
      credentials: {
        accessToken: grant.tokens.accessToken,
        refreshToken: grant.tokens.refreshToken,
        expiresAt: grant.tokens.expiresAt,
        instanceUrl: grant.instanceUrl,
        loginUrl: oauth.loginUrl,
      },
    });
    await scheduleConnection(deps.queue, id, deps.schedule);

    const ctx = await deps.contexts.get(id);
    try {
      await ctx.connector.ensureSchema(ctx.policy);
    } catch (error) {
      if (!(error instanceof ConnectionError && error.code === 'SALESFORCE_SCHEMA_MISSING')) throw error;
      // Stopped, so its schedule does not fail every 15 minutes; connecting again resumes it.
      await deps.store.connections.setStatus(id, { state: 'stopped', code: error.code, message: error.message, at: deps.now() });
      deps.logger.warn({ connectionId: id, orgId, code: error.code }, 'Salesforce connected, but the org lacks crm-pulse fields');
      const again = `${deps.publicUrl ?? ''}/install/salesforce${oauth.loginUrl === SANDBOX_LOGIN_URL ? '?sandbox=1' : ''}`;
      res.status(200).type('html').send(notReadyPage(id, orgId, error.message, again));
      return;
    }
    const sync = await enqueueSync(deps.queue, { connectionId: id, mode: 'full', reason: 'first sync after install' }, deps.now());
    deps.logger.info({ connectionId: id, orgId, instanceUrl: grant.instanceUrl, runId: sync.runId }, 'Salesforce connected');
    res.status(200).type('html').send(connectedPage({ crmAccount: `Salesforce org ${orgId}`, connectionId: id, runId: sync.runId, records: 'Account' }));
  });

  return router;
}
