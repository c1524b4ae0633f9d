// The HubSpot app project in manifests/hubspot stays in step with the connector: the scopes the
// code asks for, one crm-pulse origin for redirects, fetches and webhooks, company and deal
// subscriptions, and a company-record card whose entry file exists, typed for its location, built
// from exactly pinned, locked dependencies (`npm run typecheck:card` type-checks it).
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

  // The platform version of HubSpot's current sample projects (HubSpot/hubspot-project-components,
  // 2026.09/); docs/hubspot.md names it too.
  it('is a 2026.09 project with an OAuth app asking for exactly the scopes the connector uses', () => {
    expect(project).toEqual({ name: 'crm-pulse', srcDir: 'src', platformVersion: '2026.09' });
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
    expect(readFileSync(new URL(`src${card.config.entrypoint}`, root), 'utf8')).toContain(`hubspot.extend<'${card.config.location}'>(`);
  });

  it("pins the card's dependencies exactly and locks them, so an upload builds what the tests checked", () => {
    const pkg = json('src/app/cards/package.json');
    const lock = json('src/app/cards/package-lock.json');
    const wanted = { ...pkg.dependencies, ...pkg.devDependencies } as Record<string, string>;
    expect(Object.keys(wanted)).toEqual(expect.arrayContaining(['@hubspot/ui-extensions', 'react', 'typescript']));
    for (const [name, version] of Object.entries(wanted)) {
      expect(version, name).toMatch(/^\d+\.\d+\.\d+$/);
      expect(lock.packages[`node_modules/${name}`]?.version, `${name} in package-lock.json`).toBe(version);
    }
    expect(lock.packages[''].dependencies).toEqual(pkg.dependencies);
    expect(lock.packages[''].devDependencies).toEqual(pkg.devDependencies);
  });
});
