// The demo's "where to look" lines: the admin console with a one-time sign-in link, the admin API, metrics and the record card of the server it
// keeps running, as commands to paste. The card request is signed the way HubSpot signs
// hubspot.fetch (v3), so it is accepted for the five minutes a signature lives.
import { signV3 } from '../connectors/index.ts';

export interface DemoServer {
  publicUrl: string;
  /** A one-time console sign-in token (the admin token itself never goes in a URL). */
  signIn: string;
  adminToken: string;
  connectionId: string;
  /** An account worth a look (the largest at risk). */
  accountId: string;
  hubspot: { portalId: string; clientSecret: string } | null;
  /** How to run `crm-pulse run` against the same sandbox. */
  sandboxRun: string;
}

export function demoUrls(d: DemoServer, now: number): string[] {
  const auth = `-H 'Authorization: Bearer ${d.adminToken}'`;
  const api = `${d.publicUrl}/api/connections/${d.connectionId}`;
  const lines = [
    `  console      ${d.publicUrl}/admin`,
    `  sign in      ${d.publicUrl}/admin/sign-in/link?t=${d.signIn}`,
    '               (opens a console session; the link works once, for this demo run)',
    `  connection   curl ${auth} ${api}`,
    `  an account   curl ${auth} ${api}/accounts/${d.accountId}`,
    `  audit log    curl ${auth} '${api}/audit?limit=20'`,
    `  another run  curl ${auth} -H 'content-type: application/json' -d '{"mode":"incremental"}' ${api}/runs`,
    `  metrics      curl ${d.publicUrl}/metrics`,
  ];
  if (d.hubspot) {
    const card = `${d.publicUrl}/hubspot/card?companyId=${d.accountId}&portalId=${d.hubspot.portalId}`;
    const ts = String(now);
    const signature = signV3(d.hubspot.clientSecret, 'GET', card, '', ts);
    lines.push(`  record card  curl -H 'X-HubSpot-Signature-v3: ${signature}' -H 'X-HubSpot-Request-Timestamp: ${ts}' '${card}'`, '               (signed as HubSpot signs it: valid for 5 minutes)');
  }
  lines.push(`  the sandbox  ${d.sandboxRun}`);
  return lines;
}
