// `crm-pulse salesforce check`: describes the org the environment names (SALESFORCE_INSTANCE_URL
// and SALESFORCE_ACCESS_TOKEN), or a stored connection's (--connection), and lists exactly what crm-pulse still needs there (Pulse_* fields
// on Account, the task fields on Activity, the Crm_Pulse permission set, picklist defaults), the
// commands that deploy it, and whether the mapping file fits the org's Account fields.
// Modules that talk to Salesforce load when the command runs, so other commands start fast.
import { readFile } from 'node:fs/promises';
import { Command } from 'commander';
import type { SalesforceConnector, SchemaReport, Mapping } from '../connectors/index.ts';
import type { Env } from '../config/index.ts';
import { ConnectionError, type ApiUsage, type Policy } from '../model/index.ts';

export const CHECK_EXIT = { ready: 0, notReady: 1, failed: 2 } as const;

export interface SalesforceCheck {
  schema: SchemaReport;
  /** Problems of the mapping against the org's Account fields; null when no mapping was given. */
  mapping: string[] | null;
  apiUsage: ApiUsage | null;
}

/** Checks the org behind `connector` against what crm-pulse writes and, when given, the mapping. */
export async function salesforceCheck(connector: SalesforceConnector, o: { policy: Policy; mapping: Mapping | null }): Promise<SalesforceCheck> {
  const { mappingProblems } = await import('../connectors/index.ts');
  const schema = await connector.checkSchema(o.policy);
  const mapping = o.mapping ? mappingProblems(o.mapping, await connector.accountFields(), 'Salesforce Account') : null;
  return { schema, mapping, apiUsage: connector.apiUsage() };
}

export async function formatSalesforceCheck(c: SalesforceCheck): Promise<string> {
  const { formatSchemaReport } = await import('../connectors/index.ts');
  const lines = [formatSchemaReport(c.schema)];
  if (c.mapping) lines.push(c.mapping.length ? `The mapping does not fit the org's Account fields:\n  ${c.mapping.join('\n  ')}` : 'The mapping fits the org\'s Account fields.');
  if (c.apiUsage) lines.push(`API usage: ${c.apiUsage.used.toLocaleString('en')} of ${c.apiUsage.max.toLocaleString('en')} calls in the last 24 hours (crm-pulse pauses at ${Math.round(c.apiUsage.pauseAtShare * 100)} %).`);
  return `${lines.join('\n')}\n`;
}

export interface SalesforceCommandDeps {
  env?: Readonly<Record<string, string | undefined>>;
  stdout?: (text: string) => void;
  stderr?: (text: string) => void;
  /** Builds the connector; tests pass one with a fixed clock. */
  connect?: (instanceUrl: string, credentials: Credentials, budgetShare: number) => Promise<SalesforceConnector>;
}

/** An access token, or the External Client App's key and secret for the client credentials flow. */
type Credentials = { accessToken: string } | { clientId: string; clientSecret: string };

async function defaultConnect(instanceUrl: string, credentials: Credentials, budgetShare: number): Promise<SalesforceConnector> {
  const { SalesforceConnector, FixedAccessToken, ClientCredentialsToken } = await import('../connectors/index.ts');
  const auth = 'accessToken' in credentials ? new FixedAccessToken(credentials.accessToken) : new ClientCredentialsToken({ myDomainUrl: instanceUrl, ...credentials });
  return new SalesforceConnector({ instanceUrl, auth, budgetShare });
}

/** A stored connection's connector, mapping and policy, from a runtime opened like `serve`'s. */
async function storedConnection(env: Env, id: string): Promise<{ connector: SalesforceConnector; mapping: Mapping; policy: Policy; close(): Promise<void> }> {
  const [{ openRuntime }, { SalesforceConnector }] = await Promise.all([import('./runtime.ts'), import('../connectors/index.ts')]);
  const rt = await openRuntime(env, { logLevel: 'warn', logFd: 2 });
  try {
    const ctx = await rt.contexts.get(id);
    if (!(ctx.connector instanceof SalesforceConnector)) throw new ConnectionError('WRONG_CRM', `connection ${id} is a ${ctx.kind} connection, not a Salesforce one`);
    return { connector: ctx.connector, mapping: ctx.mapping, policy: ctx.policy, close: () => rt.close() };
  } catch (error) {
    await rt.close();
    throw error;
  }
}

async function readJson(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new ConnectionError('BAD_MAPPING', `cannot read ${path} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new ConnectionError('BAD_MAPPING', `${path} is not valid JSON: ${(e as Error).message}`);
  }
}

/** The `salesforce` command group, for main.ts to register with `program.addCommand(salesforceCommand())`. */
export function salesforceCommand(deps: SalesforceCommandDeps = {}): Command {
  const out = deps.stdout ?? ((text: string) => void process.stdout.write(text));
  const err = deps.stderr ?? ((text: string) => void process.stderr.write(text));
  const group = new Command('salesforce').description('Salesforce set-up tools');
  group
    .command('check')
    .description('Describe the org and list what crm-pulse still needs there (fields, permission set) and how to deploy it')
    .option('--mapping <file>', 'also check this mapping file against the org (default: CRM_PULSE_MAPPING)')
    .option('--policy <file>', 'check the tier picklist against this policy (default: CRM_PULSE_POLICY)')
    .option('--connection <id>', "check a stored connection's org (one installed through the app) with its own mapping and policy")
    .option('--json', 'print the report as one JSON object', false)
    .addHelpText(
      'after',
      `
Reads SALESFORCE_INSTANCE_URL and SALESFORCE_ACCESS_TOKEN (e.g. from \`sf org display --target-org <alias>\`),
or SALESFORCE_INSTANCE_URL (the My Domain URL) with SALESFORCE_CLIENT_ID and SALESFORCE_CLIENT_SECRET (the
client credentials flow, as the External Client App's Run As user: an API-only integration user),
or, with --connection, the stored connection (REDIS_URL and CRM_PULSE_ENCRYPTION_KEY as for \`serve\`).

Exit codes:
  0  the org is ready (and the mapping, when given, fits)
  1  something is missing: the report says what and how to deploy it
  2  the org could not be checked: environment, token, mapping or policy file`,
    )
    .action(async (opts: { mapping?: string; policy?: string; connection?: string; json: boolean }) => {
      try {
        const [{ parseEnv, loadPolicyFile }, { parseMapping }] = await Promise.all([import('../config/index.ts'), import('../connectors/index.ts')]);
        const env = parseEnv(deps.env ?? process.env);
        if (opts.connection) {
          const stored = await storedConnection(env, opts.connection);
          try {
            const policy = opts.policy ? await loadPolicyFile(opts.policy) : stored.policy;
            const mapping = opts.mapping ? parseMapping(await readJson(opts.mapping), opts.mapping) : stored.mapping;
            const result = await salesforceCheck(stored.connector, { policy, mapping });
            out(opts.json ? `${JSON.stringify(result)}\n` : await formatSalesforceCheck(result));
            process.exitCode = result.schema.ok && !result.mapping?.length ? CHECK_EXIT.ready : CHECK_EXIT.notReady;
          } finally {
            await stored.close();
          }
          return;
        }
        const credentials: Credentials | null = env.SALESFORCE_ACCESS_TOKEN
          ? { accessToken: env.SALESFORCE_ACCESS_TOKEN.reveal() }
          : env.SALESFORCE_CLIENT_ID && env.SALESFORCE_CLIENT_SECRET
            ? { clientId: env.SALESFORCE_CLIENT_ID, clientSecret: env.SALESFORCE_CLIENT_SECRET.reveal() }
            : null;
        if (!env.SALESFORCE_INSTANCE_URL || !credentials) {
          err('crm-pulse salesforce check: set SALESFORCE_INSTANCE_URL and SALESFORCE_ACCESS_TOKEN to the org to check (`sf org display --target-org <alias>` prints both), or SALESFORCE_INSTANCE_URL (the My Domain URL) with SALESFORCE_CLIENT_ID and SALESFORCE_CLIENT_SECRET for the client credentials flow\n');
          process.exitCode = CHECK_EXIT.failed;
          return;
        }
        const policy = await loadPolicyFile(opts.policy ?? env.CRM_PULSE_POLICY);
        const mappingPath = opts.mapping ?? env.CRM_PULSE_MAPPING;
        const mapping = mappingPath ? parseMapping(await readJson(mappingPath), mappingPath) : null;
        const connector = await (deps.connect ?? defaultConnect)(env.SALESFORCE_INSTANCE_URL, credentials, env.SALESFORCE_BUDGET_PERCENT / 100);
        const result = await salesforceCheck(connector, { policy, mapping });
        out(opts.json ? `${JSON.stringify(result)}\n` : await formatSalesforceCheck(result));
        process.exitCode = result.schema.ok && !result.mapping?.length ? CHECK_EXIT.ready : CHECK_EXIT.notReady;
      } catch (e) {
        err(`crm-pulse salesforce check: ${(e as Error).message}\n`);
        process.exitCode = CHECK_EXIT.failed;
      }
    });
  return group;
}
