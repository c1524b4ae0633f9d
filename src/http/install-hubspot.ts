// The HubSpot install flow. GET /install/hubspot sends the admin to HubSpot's consent page with
// an unguessable, single-use `state`; HubSpot sends them back to GET /oauth/hubspot/callback,
// where the state is checked, the code traded for tokens, and the connection stored (credentials
// sealed), given crm-pulse's fields in the portal, scheduled, and its first sync queued.
import { Router } from 'express';
import { z } from 'zod';
import { enqueueSync, scheduleConnection } from '../jobs/index.ts';
import type { HttpDeps } from './deps.ts';
import { HttpError } from './errors.ts';
import { connectedPage } from './html.ts';
import { parseInput } from './validate.ts';

// No `connection` parameter: the install link needs no sign-in, so naming a connection would let
// anyone point it at another portal. Installing a portal again finds its connection by hub id.
const InstallQuery = z.object({}).strict();
// HubSpot adds nothing else on success; on refusal it sends `error` and `error_description`.
const CallbackQuery = z.union([
  z.object({ code: z.string().min(1), state: z.string().min(1) }).strict(),
  z.object({ error: z.string(), error_description: z.string().optional(), state: z.string().optional() }).strict(),
]);

export function installHubSpot(deps: HttpDeps): Router {
  const router = Router();

  router.get('/install/hubspot', async (req, res) => {
    parseInput(InstallQuery, req.query, 'query');
    const oauth = deps.hubspotOAuth();
    const state = await deps.store.oauthStates.create({ crm: 'hubspot', connectionId: null, returnTo: null }, req.ip ?? 'unknown');
    res.redirect(302, oauth.authorizeUrl(state));
  });

  router.get('/oauth/hubspot/callback', async (req, res) => {
    const query = parseInput(CallbackQuery, req.query, 'query');
    if ('error' in query) throw new HttpError(400, 'HUBSPOT_DECLINED', [`HubSpot did not connect: ${query.error_description ?? query.error}`]);
    const state = await deps.store.oauthStates.take(query.state);
    if (!state || state.crm !== 'hubspot') throw new HttpError(400, 'BAD_STATE', ['this install link expired or was already used; start again at /install/hubspot']);
    const tokens = await deps.hubspotOAuth().exchangeCode(query.code);
    const hubId = tokens.accountId ?? null;
    const existing = hubId ? await deps.store.connections.findByCrmAccount('hubspot', hubId) : null;
    const id = existing ?? `hubspot-${hubId ?? deps.now().toString(36)}`;
    await deps.store.connections.put({
      id,
      kind: 'hubspot',
      crmAccountId: hubId,
      label: hubId ? `HubSpot ${hubId}` : 'HubSpot',
      credentials: { accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, expiresAt: tokens.expiresAt },
    });
    const ctx = await deps.contexts.get(id);
    const changes = await ctx.connector.ensureSchema(ctx.policy);
    await scheduleConnection(deps.queue, id, deps.schedule);
    const sync = await enqueueSync(deps.queue, { connectionId: id, mode: 'full', reason: 'first sync after install' }, deps.now());
    deps.logger.info({ connectionId: id, hubId, schemaChanges: changes.length, runId: sync.runId }, 'HubSpot connected');
    res.status(200).type('html').send(connectedPage({ crmAccount: `HubSpot account ${hubId ?? ''}`, connectionId: id, runId: sync.runId, records: 'company' }));
  });

  return router;
}
