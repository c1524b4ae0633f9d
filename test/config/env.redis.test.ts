// The environment schema: defaults, every bad value named together, cross-variable rules, secrets
// never echoed, and the connection and keys derived from it.
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { EnvError, envConnection, envEncryptionKeys, parseEnv } from '../../src/config/env.ts';
import { Secret } from '../../src/config/secret.ts';

const KEY = Buffer.alloc(32, 7).toString('base64');
const OLD = Buffer.alloc(32, 9).toString('base64');

function problems(source: Record<string, string>): string[] {
  try {
    parseEnv(source);
  } catch (error) {
    expect(error).toBeInstanceOf(EnvError);
    expect((error as EnvError).code).toBe('BAD_ENV');
    return (error as EnvError).problems;
  }
  throw new Error('expected the environment to be rejected');
}

describe('parseEnv', () => {
  it('reads the OAuth state limits as whole numbers in range, naming a bad one', () => {
    expect(parseEnv({ CRM_PULSE_OAUTH_STATES_PER_MINUTE: '3', CRM_PULSE_OAUTH_STATES_MAX: '50' })).toMatchObject({ CRM_PULSE_OAUTH_STATES_PER_MINUTE: 3, CRM_PULSE_OAUTH_STATES_MAX: 50 });
    expect(problems({ CRM_PULSE_OAUTH_STATES_PER_MINUTE: '0', CRM_PULSE_OAUTH_STATES_MAX: 'lots' })).toEqual([
      'CRM_PULSE_OAUTH_STATES_PER_MINUTE: must be a whole number from 1 to 10000, got "0"',
      'CRM_PULSE_OAUTH_STATES_MAX: must be a whole number from 1 to 1000000, got "lots"',
    ]);
  });

  it('applies the defaults to an empty environment', () => {
    const env = parseEnv({});
    expect(env).toMatchObject({
      REDIS_URL: 'redis://127.0.0.1:6379',
      CRM_PULSE_REDIS_PREFIX: 'crm-pulse',
      CRM_PULSE_ENCRYPTION_KEYS_OLD: [],
      PORT: 3000,
      HUBSPOT_BASE_URL: 'https://api.hubapi.com',
      HUBSPOT_API_VERSION: '2026-09',
      HUBSPOT_APP_URL: 'https://app.hubspot.com',
      SALESFORCE_LOGIN_URL: 'https://login.salesforce.com',
      LOG_LEVEL: 'info',
      CRM_PULSE_OAUTH_STATES_PER_MINUTE: 10,
      CRM_PULSE_OAUTH_STATES_MAX: 1_000,
    });
    expect(env.CRM_PULSE_ENCRYPTION_KEY).toBeUndefined();
    expect(env.CRM_PULSE_CRM).toBeUndefined();
    expect(envConnection(env)).toBeNull();
  });

  it('reads every variable into its type, and ignores variables that are not ours', () => {
    const env = parseEnv({
      REDIS_URL: 'rediss://:pw@redis.internal:6380/2',
      CRM_PULSE_REDIS_PREFIX: '{crm-pulse}',
      CRM_PULSE_ENCRYPTION_KEY: KEY,
      CRM_PULSE_ENCRYPTION_KEYS_OLD: ` ${OLD} ,${Buffer.alloc(32, 1).toString('base64url')}`,
      PORT: '8080',
      CRM_PULSE_PUBLIC_URL: 'https://pulse.example.com',
      CRM_PULSE_ADMIN_TOKEN: 'a'.repeat(32),
      CRM_PULSE_CRM: 'hubspot',
      HUBSPOT_ACCESS_TOKEN: 'pat-na1-123',
      HUBSPOT_API_VERSION: '2026-03',
      CRM_PULSE_MAPPING: 'mapping.json',
      CRM_PULSE_POLICY: 'policy.json',
      CRM_PULSE_AS_OF: '2026-11-23',
      LOG_LEVEL: 'debug',
      PATH: '/usr/bin',
    });
    expect(env.PORT).toBe(8080);
    expect(env.HUBSPOT_API_VERSION).toBe('2026-03');
    expect(env.CRM_PULSE_REDIS_PREFIX).toBe('{crm-pulse}');
    expect(env.CRM_PULSE_AS_OF).toBe(Date.UTC(2026, 10, 24) - 1);
    expect(env.CRM_PULSE_ADMIN_TOKEN?.reveal()).toBe('a'.repeat(32));
    expect(envEncryptionKeys(env)).toEqual({ current: Buffer.alloc(32, 7), old: [Buffer.alloc(32, 9), Buffer.alloc(32, 1)] });
    const connection = envConnection(env);
    expect(connection).toMatchObject({ id: 'env-hubspot', kind: 'hubspot', baseUrl: 'https://api.hubapi.com', mappingPath: 'mapping.json', policyPath: 'policy.json' });
    expect(connection?.accessToken?.reveal()).toBe('pat-na1-123');
  });

  it('reads the Salesforce budget share and bulk threshold, defaulting to 80 % and 10,000, and names bad ones', () => {
    expect(parseEnv({})).toMatchObject({ SALESFORCE_BUDGET_PERCENT: 80, SALESFORCE_BULK_THRESHOLD: 10_000 });
    expect(parseEnv({ SALESFORCE_BUDGET_PERCENT: '60', SALESFORCE_BULK_THRESHOLD: '50000' })).toMatchObject({ SALESFORCE_BUDGET_PERCENT: 60, SALESFORCE_BULK_THRESHOLD: 50_000 });
    expect(problems({ SALESFORCE_BUDGET_PERCENT: '0.8', SALESFORCE_BULK_THRESHOLD: '100' })).toEqual([
      'SALESFORCE_BUDGET_PERCENT: must be a whole number from 1 to 100, got "0.8"',
      'SALESFORCE_BULK_THRESHOLD: must be a whole number from 2000 to 10000000, got "100"',
    ]);
  });

  it('names every bad value at once, by variable and rule', () => {
    const found = problems({
      REDIS_URL: 'http://localhost:6379',
      CRM_PULSE_REDIS_PREFIX: 'crm pulse:',
      CRM_PULSE_ENCRYPTION_KEY: 'c2hvcnQ=',
      CRM_PULSE_ENCRYPTION_KEYS_OLD: `${OLD},nope`,
      PORT: '70000',
      CRM_PULSE_PUBLIC_URL: 'pulse.example.com',
      CRM_PULSE_ADMIN_TOKEN: 'short',
      CRM_PULSE_CRM: 'pipedrive',
      HUBSPOT_BASE_URL: 'ftp://api.hubapi.com',
      HUBSPOT_API_VERSION: 'v3',
      CRM_PULSE_AS_OF: '2026-02-31',
      LOG_LEVEL: 'verbose',
    });
    expect(found).toEqual([
      'REDIS_URL: must be a redis:// or rediss:// URL, e.g. redis://127.0.0.1:6379',
      'CRM_PULSE_REDIS_PREFIX: must be 1 to 64 letters, digits or _ . : - { }, got "crm pulse:"',
      'CRM_PULSE_ENCRYPTION_KEY: must be 32 bytes, base64 (generate one with: openssl rand -base64 32)',
      'CRM_PULSE_ENCRYPTION_KEYS_OLD: key 2 of 2 must be 32 bytes, base64 (generate one with: openssl rand -base64 32)',
      'PORT: must be a whole number from 0 to 65535, got "70000"',
      'CRM_PULSE_PUBLIC_URL: must be an http:// or https:// URL',
      'CRM_PULSE_ADMIN_TOKEN: must be at least 16 characters (generate one with: openssl rand -hex 32)',
      'CRM_PULSE_CRM: must be hubspot or salesforce, got "pipedrive"',
      'HUBSPOT_BASE_URL: must be an http:// or https:// URL',
      'HUBSPOT_API_VERSION: must be one of 2026-09, 2026-03 (HubSpot\'s dated API versions crm-pulse speaks), got "v3"',
      'CRM_PULSE_AS_OF: must be a date (YYYY-MM-DD) or an ISO date-time with zone, got "2026-02-31"',
      'LOG_LEVEL: must be one of fatal, error, warn, info, debug, trace, silent, got "verbose"',
    ]);
  });

  it('never echoes a secret, even a malformed one', () => {
    const secrets = {
      REDIS_URL: 'redis://:hunter2-redis@',
      CRM_PULSE_ENCRYPTION_KEY: 'hunter2-key-not-base64!',
      CRM_PULSE_ENCRYPTION_KEYS_OLD: 'hunter2-old',
      CRM_PULSE_ADMIN_TOKEN: 'hunter2',
    };
    let message = '';
    try {
      parseEnv({ ...secrets, CRM_PULSE_CRM: 'salesforce', SALESFORCE_ACCESS_TOKEN: 'hunter2-sf', SALESFORCE_CLIENT_SECRET: 'hunter2-cs' });
    } catch (error) {
      message = `${(error as Error).message}\n${inspect(error)}`;
    }
    expect(message).toContain('CRM_PULSE_ENCRYPTION_KEY');
    expect(message).not.toContain('hunter2');
  });

  it('keeps parsed secrets out of logs and JSON', () => {
    const env = parseEnv({ CRM_PULSE_CRM: 'hubspot', HUBSPOT_ACCESS_TOKEN: 'pat-secret', CRM_PULSE_ENCRYPTION_KEY: KEY });
    const shown = `${JSON.stringify(env)} ${inspect(env)} ${String(env.HUBSPOT_ACCESS_TOKEN)}`;
    expect(shown).not.toContain('pat-secret');
    expect(shown).not.toContain(KEY);
    expect(shown).toContain('[secret]');
    expect(new Secret('x').reveal()).toBe('x');
  });

  it('applies the rules between variables', () => {
    expect(problems({ CRM_PULSE_CRM: 'hubspot' })).toEqual([
      "HUBSPOT_ACCESS_TOKEN: required when CRM_PULSE_CRM=hubspot (a HubSpot Service Key), unless HUBSPOT_CLIENT_ID and HUBSPOT_CLIENT_SECRET are set for the install flow",
    ]);
    expect(problems({ CRM_PULSE_CRM: 'salesforce', SALESFORCE_ACCESS_TOKEN: 't' })).toEqual([
      'SALESFORCE_INSTANCE_URL: required when CRM_PULSE_CRM=salesforce (SALESFORCE_INSTANCE_URL and SALESFORCE_ACCESS_TOKEN), unless SALESFORCE_CLIENT_ID and SALESFORCE_CLIENT_SECRET are set for the install flow (or, with SALESFORCE_INSTANCE_URL and no token, the client credentials flow)',
    ]);
    expect(problems({ HUBSPOT_CLIENT_ID: 'id' })).toEqual(["HUBSPOT_CLIENT_SECRET: required together with HUBSPOT_CLIENT_ID (both come from the app's OAuth settings)"]);
    expect(problems({ CRM_PULSE_ENCRYPTION_KEYS_OLD: OLD })[0]).toMatch(/^CRM_PULSE_ENCRYPTION_KEY: required when CRM_PULSE_ENCRYPTION_KEYS_OLD is set/);
    // OAuth client vars instead of a token: connections come from the install flow.
    const oauth = parseEnv({ CRM_PULSE_CRM: 'hubspot', HUBSPOT_CLIENT_ID: 'id', HUBSPOT_CLIENT_SECRET: 's' });
    expect(envConnection(oauth)).toBeNull();
    expect(parseEnv({ CRM_PULSE_CRM: 'salesforce', SALESFORCE_CLIENT_ID: 'id', SALESFORCE_CLIENT_SECRET: 's' }).CRM_PULSE_CRM).toBe('salesforce');
  });

  it('describes a Salesforce connection from the environment', () => {
    const env = parseEnv({ CRM_PULSE_CRM: 'salesforce', SALESFORCE_INSTANCE_URL: 'https://acme.my.salesforce.com', SALESFORCE_ACCESS_TOKEN: '00D!x', SALESFORCE_LOGIN_URL: 'https://test.salesforce.com' });
    expect(envConnection(env)).toMatchObject({ id: 'env-salesforce', kind: 'salesforce', instanceUrl: 'https://acme.my.salesforce.com', loginUrl: 'https://test.salesforce.com', mappingPath: null, policyPath: null });
  });

  it('an instance URL with the app key and secret and no token is the client credentials flow', () => {
    const env = parseEnv({ CRM_PULSE_CRM: 'salesforce', SALESFORCE_INSTANCE_URL: 'https://acme.my.salesforce.com', SALESFORCE_CLIENT_ID: 'id', SALESFORCE_CLIENT_SECRET: 's' });
    expect(envConnection(env)).toMatchObject({ id: 'env-salesforce', kind: 'salesforce', instanceUrl: 'https://acme.my.salesforce.com', accessToken: null });
    // Without the key and secret, the token is still required.
    expect(problems({ CRM_PULSE_CRM: 'salesforce', SALESFORCE_INSTANCE_URL: 'https://acme.my.salesforce.com' })).toEqual([
      'SALESFORCE_ACCESS_TOKEN: required when CRM_PULSE_CRM=salesforce (SALESFORCE_INSTANCE_URL and SALESFORCE_ACCESS_TOKEN), unless SALESFORCE_CLIENT_ID and SALESFORCE_CLIENT_SECRET are set for the install flow (or, with SALESFORCE_INSTANCE_URL and no token, the client credentials flow)',
    ]);
  });

  it('treats empty values as unset, and names unknown CRM_PULSE_ variables (typos)', () => {
    expect(parseEnv({ PORT: '', CRM_PULSE_CRM: '  ' }).PORT).toBe(3000);
    expect(problems({ CRM_PULSE_POLCY: 'policy.json' })).toEqual([expect.stringMatching(/^CRM_PULSE_POLCY: not a crm-pulse setting \(known: .*CRM_PULSE_POLICY/)]);
  });

  it('requires the encryption key where credentials are stored', () => {
    expect(() => envEncryptionKeys(parseEnv({}))).toThrow(/CRM_PULSE_ENCRYPTION_KEY: required to store connections; must be 32 bytes, base64 \(generate one with: openssl rand -base64 32\)/);
  });
});
