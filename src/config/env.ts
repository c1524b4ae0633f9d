// The whole environment of crm-pulse, parsed once at start-up by one zod schema. A bad or missing
// value stops start-up with every problem named at once, by variable and rule; secrets come out
// wrapped in `Secret` and their values never appear in a message.
import { z } from 'zod';
import { ConnectionError, CRM_KINDS, HUBSPOT_API_VERSIONS, type CrmKind, parseAsOf } from '../model/index.ts';
import { prefixProblem } from './redis-prefix.ts';
import { Secret } from './secret.ts';

const KEY_RULE = 'must be 32 bytes, base64 (generate one with: openssl rand -base64 32)';

/** A 32-byte key in base64 (standard or URL-safe, padding optional), or null. */
function decodeKey(text: string): Buffer | null {
  if (!/^(?:[A-Za-z0-9+/]{43}=?|[A-Za-z0-9_-]{43})$/.test(text)) return null;
  const key = Buffer.from(text, 'base64');
  return key.length === 32 ? key : null;
}

const secret = z.string().transform((s) => new Secret(s));

const encryptionKey = z.string().transform((text, ctx) => {
  const key = decodeKey(text);
  if (!key) {
    ctx.addIssue({ code: 'custom', message: KEY_RULE });
    return z.NEVER;
  }
  return new Secret(key);
});

const oldEncryptionKeys = z.string().transform((text, ctx) => {
  const parts = text.split(',').map((p) => p.trim()).filter((p) => p !== '');
  const keys: Secret<Buffer>[] = [];
  parts.forEach((part, i) => {
    const key = decodeKey(part);
    if (key) keys.push(new Secret(key));
    else ctx.addIssue({ code: 'custom', message: `key ${i + 1} of ${parts.length} ${KEY_RULE}` });
  });
  return keys;
});

/** A whole number from `min` to `max`, written in decimal digits. */
function wholeNumber(min: number, max: number) {
  return z.string().transform((s, ctx) => {
    const n = /^\d{1,9}$/.test(s) ? Number(s) : NaN;
    if (!(n >= min && n <= max)) {
      ctx.addIssue({ code: 'custom', message: `must be a whole number from ${min} to ${max}, got "${s}"` });
      return z.NEVER;
    }
    return n;
  });
}

// Five cron fields (minute hour day month weekday) of digits, `*`, `/`, `,` and `-`.
const CRON = /^[\d*/,-]+( [\d*/,-]+){4}$/;

const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' });

const EnvSchema = z.object({
  REDIS_URL: z.url({ protocol: /^rediss?$/, error: 'must be a redis:// or rediss:// URL, e.g. redis://127.0.0.1:6379' }).default('redis://127.0.0.1:6379'),
  CRM_PULSE_REDIS_PREFIX: z
    .string()
    .superRefine((p, ctx) => {
      const problem = prefixProblem(p);
      if (problem) ctx.addIssue({ code: 'custom', message: `${problem}, got "${p}"` });
    })
    .default('crm-pulse'),
  CRM_PULSE_ENCRYPTION_KEY: encryptionKey.optional(),
  CRM_PULSE_ENCRYPTION_KEYS_OLD: oldEncryptionKeys.default([]),
  PORT: z
    .string()
    .transform((s, ctx) => {
      const port = /^\d{1,5}$/.test(s) ? Number(s) : NaN;
      if (!(port >= 0 && port <= 65535)) {
        ctx.addIssue({ code: 'custom', message: `must be a whole number from 0 to 65535, got "${s}"` });
        return z.NEVER;
      }
      return port;
    })
    .default(3000),
  CRM_PULSE_PUBLIC_URL: httpUrl.optional(),
  CRM_PULSE_ADMIN_TOKEN: z
    .string()
    .min(16, 'must be at least 16 characters (generate one with: openssl rand -hex 32)')
    .transform((s) => new Secret(s))
    .optional(),
  CRM_PULSE_CRM: z.enum(CRM_KINDS, { error: (iss) => `must be hubspot or salesforce, got ${JSON.stringify(iss.input)}` }).optional(),
  HUBSPOT_ACCESS_TOKEN: secret.optional(),
  HUBSPOT_BASE_URL: httpUrl.default('https://api.hubapi.com'),
  HUBSPOT_API_VERSION: z
    .enum(HUBSPOT_API_VERSIONS, { error: (iss) => `must be one of ${HUBSPOT_API_VERSIONS.join(', ')} (HubSpot's dated API versions crm-pulse speaks), got ${JSON.stringify(iss.input)}` })
    .default(HUBSPOT_API_VERSIONS[0]),
  HUBSPOT_CLIENT_ID: z.string().optional(),
  HUBSPOT_CLIENT_SECRET: secret.optional(),
  HUBSPOT_APP_URL: httpUrl.default('https://app.hubspot.com'),
  SALESFORCE_INSTANCE_URL: httpUrl.optional(),
  SALESFORCE_ACCESS_TOKEN: secret.optional(),
  SALESFORCE_CLIENT_ID: z.string().optional(),
  SALESFORCE_CLIENT_SECRET: secret.optional(),
  SALESFORCE_LOGIN_URL: httpUrl.default('https://login.salesforce.com'),
  // The org's API budget is shared by every integration and user: crm-pulse stops well before it is spent.
  SALESFORCE_BUDGET_PERCENT: wholeNumber(1, 100).default(80),
  SALESFORCE_BULK_THRESHOLD: wholeNumber(2_000, 10_000_000).default(10_000),
  CRM_PULSE_MAPPING: z.string().optional(),
  CRM_PULSE_POLICY: z.string().optional(),
  CRM_PULSE_AS_OF: z
    .string()
    .transform((s, ctx) => {
      const ms = parseAsOf(s);
      if (ms === undefined) {
        ctx.addIssue({ code: 'custom', message: `must be a date (YYYY-MM-DD) or an ISO date-time with zone, got "${s}"` });
        return z.NEVER;
      }
      return ms;
    })
    .optional(),
  HUBSPOT_REQUESTS_PER_10S: wholeNumber(1, 1000).default(110),
  CRM_PULSE_CONCURRENCY: wholeNumber(1, 64).default(4),
  CRM_PULSE_LOCK_MS: wholeNumber(1000, 600_000).default(30_000),
  CRM_PULSE_SYNC_EVERY_MINUTES: wholeNumber(1, 1440).default(15),
  // The install links need no sign-in: each visit stores an OAuth state, so their making is bounded.
  CRM_PULSE_OAUTH_STATES_PER_MINUTE: wholeNumber(1, 10_000).default(10),
  CRM_PULSE_OAUTH_STATES_MAX: wholeNumber(1, 1_000_000).default(1_000),
  CRM_PULSE_FULL_SYNC_CRON: z.string().regex(CRON, 'must be a cron expression of five fields, e.g. "0 2 * * *"').default('0 2 * * *'),
  CRM_PULSE_BACKTEST_CRON: z.string().regex(CRON, 'must be a cron expression of five fields, e.g. "0 4 * * *"').default('0 4 * * *'),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      error: (iss) => `must be one of fatal, error, warn, info, debug, trace, silent, got ${JSON.stringify(iss.input)}`,
    })
    .default('info'),
});

/**
 * The parsed environment. Names are the variables' own, so a reader can grep either way.
 * `CRM_PULSE_AS_OF` is epoch ms (a bare date means the end of that UTC day, as `--as-of`).
 */
export type Env = z.output<typeof EnvSchema>;

const NAMES = Object.keys(EnvSchema.shape) as (keyof Env)[];

/** Start-up stops: the environment names a problem an operator must fix. */
export class EnvError extends ConnectionError {
  readonly problems: string[];
  constructor(problems: string[]) {
    super('BAD_ENV', `the environment is invalid:\n  ${problems.join('\n  ')}`);
    this.problems = problems;
  }
}

// Rules between variables, checked on presence only so they never need a value that failed to
// parse and are reported together with the per-variable problems.
function crossProblems(vars: Record<string, string>): string[] {
  const has = (name: string) => vars[name] !== undefined;
  const problems: string[] = [];
  for (const crm of ['HUBSPOT', 'SALESFORCE']) {
    const [id, secretName] = [`${crm}_CLIENT_ID`, `${crm}_CLIENT_SECRET`];
    if (has(id) !== has(secretName)) problems.push(`${has(id) ? secretName : id}: required together with ${has(id) ? id : secretName} (both come from the app's OAuth settings)`);
  }
  const oauth = (crm: string) => has(`${crm}_CLIENT_ID`) && has(`${crm}_CLIENT_SECRET`);
  if (vars.CRM_PULSE_CRM === 'hubspot' && !has('HUBSPOT_ACCESS_TOKEN') && !oauth('HUBSPOT')) {
    problems.push("HUBSPOT_ACCESS_TOKEN: required when CRM_PULSE_CRM=hubspot (a HubSpot Service Key), unless HUBSPOT_CLIENT_ID and HUBSPOT_CLIENT_SECRET are set for the install flow");
  }
  if (vars.CRM_PULSE_CRM === 'salesforce') {
    const direct = ['SALESFORCE_INSTANCE_URL', 'SALESFORCE_ACCESS_TOKEN'];
    // The instance URL with the app's key and secret is the client credentials flow.
    const clientCredentials = has('SALESFORCE_INSTANCE_URL') && !has('SALESFORCE_ACCESS_TOKEN') && oauth('SALESFORCE');
    // Half a direct connection is always a mistake; none at all is fine when OAuth installs them.
    if (!clientCredentials && (direct.some(has) || !oauth('SALESFORCE'))) {
      for (const name of direct.filter((n) => !has(n))) {
        problems.push(`${name}: required when CRM_PULSE_CRM=salesforce (${direct.join(' and ')}), unless SALESFORCE_CLIENT_ID and SALESFORCE_CLIENT_SECRET are set for the install flow (or, with SALESFORCE_INSTANCE_URL and no token, the client credentials flow)`);
      }
    }
  }
  if (has('CRM_PULSE_ENCRYPTION_KEYS_OLD') && !has('CRM_PULSE_ENCRYPTION_KEY')) {
    problems.push('CRM_PULSE_ENCRYPTION_KEY: required when CRM_PULSE_ENCRYPTION_KEYS_OLD is set (the current key seals new credentials; old keys open those sealed before)');
  }
  return problems;
}

/**
 * Parses the environment. Empty values count as unset (docker compose passes `FOO=` through).
 * Unknown `CRM_PULSE_*` variables are problems too, so a typo is never silently ignored.
 * Throws an EnvError naming every problem.
 */
export function parseEnv(source: Readonly<Record<string, string | undefined>> = process.env): Env {
  const vars: Record<string, string> = {};
  for (const name of NAMES) {
    const value = source[name]?.trim();
    if (value) vars[name] = value;
  }
  const parsed = EnvSchema.safeParse(vars);
  const problems = parsed.success ? [] : parsed.error.issues.map((i) => `${String(i.path[0])}: ${i.message}`);
  problems.push(...crossProblems(vars));
  for (const name of Object.keys(source)) {
    if (name.startsWith('CRM_PULSE_') && !(NAMES as string[]).includes(name)) {
      problems.push(`${name}: not a crm-pulse setting (known: ${NAMES.filter((n) => n.startsWith('CRM_PULSE_')).join(', ')})`);
    }
  }
  if (!parsed.success || problems.length > 0) throw new EnvError(problems);
  return parsed.data;
}

/** The encryption keys, for the parts that store credentials (server, workers). */
export function envEncryptionKeys(env: Env): { current: Buffer; old: Buffer[] } {
  if (!env.CRM_PULSE_ENCRYPTION_KEY) throw new EnvError([`CRM_PULSE_ENCRYPTION_KEY: required to store connections; ${KEY_RULE}`]);
  return { current: env.CRM_PULSE_ENCRYPTION_KEY.reveal(), old: env.CRM_PULSE_ENCRYPTION_KEYS_OLD.map((k) => k.reveal()) };
}

interface EnvConnectionBase {
  /** The store id the environment's connection keeps its checkpoints, values and tasks under. */
  id: `env-${CrmKind}`;
  /** Null: Salesforce tokens come from the client credentials flow (SALESFORCE_CLIENT_ID / _SECRET). */
  accessToken: Secret | null;
  mappingPath: string | null;
  policyPath: string | null;
}

export type EnvConnection =
  | (EnvConnectionBase & { kind: 'hubspot'; baseUrl: string })
  | (EnvConnectionBase & { kind: 'salesforce'; instanceUrl: string; loginUrl: string });

/**
 * The one connection the environment describes (used when no connection is stored), or null when
 * CRM_PULSE_CRM is unset or the CRM is connected through the install flow (OAuth client vars
 * without an access token). parseEnv has already checked that what is needed is there.
 */
export function envConnection(env: Env): EnvConnection | null {
  const files = { mappingPath: env.CRM_PULSE_MAPPING ?? null, policyPath: env.CRM_PULSE_POLICY ?? null };
  if (env.CRM_PULSE_CRM === 'hubspot' && env.HUBSPOT_ACCESS_TOKEN) {
    return { id: 'env-hubspot', kind: 'hubspot', accessToken: env.HUBSPOT_ACCESS_TOKEN, baseUrl: env.HUBSPOT_BASE_URL, ...files };
  }
  // An instance URL with the app's key and secret but no token: the client credentials flow.
  const clientCredentials = Boolean(env.SALESFORCE_CLIENT_ID && env.SALESFORCE_CLIENT_SECRET);
  if (env.CRM_PULSE_CRM === 'salesforce' && env.SALESFORCE_INSTANCE_URL && (env.SALESFORCE_ACCESS_TOKEN || clientCredentials)) {
    return {
      id: 'env-salesforce',
      kind: 'salesforce',
      accessToken: env.SALESFORCE_ACCESS_TOKEN ?? null,
      instanceUrl: env.SALESFORCE_INSTANCE_URL,
      loginUrl: env.SALESFORCE_LOGIN_URL,
      ...files,
    };
  }
  return null;
}
