// Finds everything a job needs to work on one connection (sync/context.ts). A stored
// connection (installed through OAuth, or added by an admin) comes from the store; without any,
// the one connection the environment describes (CRM_PULSE_CRM and friends) is used. Connectors
// are kept per process while the connection's credentials stay the same, so the mapping check
// and the pipeline stages are read once, not once per job.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { type EnvConnection, loadPolicyFile } from '../config/index.ts';
import { type ApiUsage, ConnectionError, resolvePolicy, type Policy } from '../model/index.ts';
import { type Connector, type ConnectorDeps, type ConnectorTarget, parseMapping, type Mapping } from '../connectors/index.ts';
import type { Store } from '../store/index.ts';
import type { ConnectionContext } from '../sync/index.ts';

export type ConnectorFactory = (target: ConnectorTarget, deps: ConnectorDeps) => Connector;

export interface ContextsOptions {
  store: Store;
  envConnection: EnvConnection | null;
  connectorDeps: ConnectorDeps;
  createConnector: ConnectorFactory;
}

const EMPTY_MAPPING: Mapping = { account: {} };

export class Contexts {
  readonly #o: ContextsOptions;
  readonly #connectors = new Map<string, { fingerprint: string; connector: Connector }>();
  // The same Mapping object while its JSON stays the same: connectors remember checked mappings by identity.
  readonly #mappings = new Map<string, { json: string; mapping: Mapping }>();
  #envSettings: Promise<{ mapping: Mapping; policy: Policy }> | null = null;

  constructor(options: ContextsOptions) {
    this.#o = options;
  }

  get store(): Store {
    return this.#o.store;
  }

  /** The connections to work on: every stored one, or the environment's when none is stored. */
  async ids(): Promise<string[]> {
    const stored = await this.#o.store.connections.list();
    if (stored.length > 0) return stored.map((c) => c.id);
    return this.#o.envConnection ? [this.#o.envConnection.id] : [];
  }

  isEnv(id: string): boolean {
    return this.#o.envConnection?.id === id;
  }

  /** Throws ConnectionError NOT_CONNECTED when the id is neither stored nor the environment's. */
  async get(id: string): Promise<ConnectionContext> {
    const stored = await this.#o.store.connections.get(id);
    if (stored) {
      const target: ConnectorTarget = {
        connectionId: id,
        kind: stored.kind,
        crmAccountId: stored.crmAccountId,
        accessToken: stored.credentials.accessToken ?? null,
        refreshToken: stored.credentials.refreshToken ?? null,
        instanceUrl: stored.credentials.instanceUrl ?? null,
        loginUrl: stored.credentials.loginUrl ?? null,
      };
      const [mapping, policy] = await Promise.all([this.#storedMapping(id), this.#storedPolicy(id)]);
      return { id, kind: stored.kind, isEnv: false, connector: this.#connector(target), mapping, policy };
    }
    const env = this.#o.envConnection;
    if (env && env.id === id) {
      this.#envSettings ??= envSettings(env);
      const { mapping, policy } = await this.#envSettings.catch((error: unknown) => {
        this.#envSettings = null;
        throw error;
      });
      const target: ConnectorTarget = {
        connectionId: id,
        kind: env.kind,
        crmAccountId: null,
        accessToken: env.accessToken?.reveal() ?? null,
        refreshToken: null,
        instanceUrl: env.kind === 'salesforce' ? env.instanceUrl : null,
        loginUrl: null,
        clientCredentials: env.accessToken === null,
      };
      return { id, kind: env.kind, isEnv: true, connector: this.#connector(target), mapping, policy };
    }
    throw new ConnectionError('NOT_CONNECTED', `connection ${id} does not exist (deleted, or never connected)`);
  }

  /**
   * The API-budget reading of this process's connector of a connection, if one was built and its
   * CRM reports one: jobs store it (store/api-usage.ts) for the run summary and status.
   */
  apiUsage(id: string): ApiUsage | null {
    return this.#connectors.get(id)?.connector.apiUsage?.() ?? null;
  }

  #connector(target: ConnectorTarget): Connector {
    const fingerprint = createHash('sha256').update(JSON.stringify(target)).digest('base64');
    const known = this.#connectors.get(target.connectionId);
    if (known?.fingerprint === fingerprint) return known.connector;
    const connector = this.#o.createConnector(target, this.#o.connectorDeps);
    this.#connectors.set(target.connectionId, { fingerprint, connector });
    return connector;
  }

  async #storedMapping(id: string): Promise<Mapping> {
    const mapping = (await this.#o.store.mappings.get(id)) ?? EMPTY_MAPPING;
    const json = JSON.stringify(mapping);
    const known = this.#mappings.get(id);
    if (known?.json === json) return known.mapping;
    this.#mappings.set(id, { json, mapping });
    return mapping;
  }

  async #storedPolicy(id: string): Promise<Policy> {
    return (await this.#o.store.policies.get(id))?.policy ?? resolvePolicy({});
  }
}

async function envSettings(env: EnvConnection): Promise<{ mapping: Mapping; policy: Policy }> {
  let mapping = EMPTY_MAPPING;
  if (env.mappingPath) {
    let doc: unknown;
    try {
      doc = JSON.parse(await readFile(env.mappingPath, 'utf8'));
    } catch (error) {
      throw new ConnectionError('BAD_MAPPING', `CRM_PULSE_MAPPING: cannot read ${env.mappingPath} as JSON (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    }
    mapping = parseMapping(doc, env.mappingPath);
  }
  // A policy that does not validate is a a ConnectionError: it stops the connection.
  return { mapping, policy: await loadPolicyFile(env.policyPath ?? undefined) };
}
