// The HubSpot app project in manifests/hubspot stays in step with the connector: the scopes the
// code asks for, one crm-pulse origin for redirects, fetches and webhooks, company and deal
// subscriptions, and a company-record card whose entry file exists.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { REQUIRED_SCOPES } from '../../../src/connectors/hubspot/scopes.ts';

const root = new URL('../../../manifests/hubspot/', import.meta.url);
const json = (path: string) => JSON.parse(readFileSync(new URL(path, root), 'utf8')) as Record<string, any>;

describe('manifests/hubspot', () => {
  const project = json('hsproject.json');
  const app = json('src/app/app-hsmeta.json');
  const hooks = json('src/app/webhooks/webhooks-hsmeta.json');
  const card = json('src/app/cards/pulse-card-hsmeta.json');

  it('is a 2025.2 project with an OAuth app asking for exactly the scopes the connector uses', () => {
    expect(project).toEqual({ name: 'crm-pulse', srcDir: 'src', platformVersion: '2025.2' });
    expect(app.type).toBe('app');
    expect(app.config.auth.type).toBe('oauth');
    expect(app.config.auth.requiredScopes).toEqual([...REQUIRED_SCOPES]);
  });

  it('sends OAuth redirects, card fetches and webhooks to the one crm-pulse origin', () => {
    const origin = app.config.permittedUrls.fetch[0] as string;
    expect(app.config.permittedUrls.fetch).toEqual([origin]);
    expect(new URL(app.config.auth.redirectUrls[0]).origin).toBe(origin);
    expect(new URL(hooks.config.settings.targetUrl).origin).toBe(origin);
    expect(readFileSync(new URL('src/app/cards/PulseCard.tsx', root), 'utf8')).toContain(`const CRM_PULSE_URL = '${origin}'`);
  });

  it('subscribes to company and deal changes', () => {
    const subs = hooks.config.subscriptions.legacyCrmObjects as { subscriptionType: string; propertyName?: string; active: boolean }[];
    expect(subs.every((s) => s.active)).toBe(true);
    const types = new Set(subs.map((s) => s.subscriptionType));
    expect([...types].sort()).toEqual(['company.deletion', 'company.propertyChange', 'deal.creation', 'deal.propertyChange']);
    expect(subs.filter((s) => s.subscriptionType === 'deal.propertyChange').map((s) => s.propertyName)).toContain('dealstage');
  });

  it('puts a card on the company record tab whose entry point exists', () => {
    expect(card.type).toBe('card');
    expect(card.config).toMatchObject({ location: 'crm.record.tab', objectTypes: ['companies'] });
    expect(existsSync(new URL(`src${card.config.entrypoint}`, root))).toBe(true);
  });
});
