// Connections: which CRM account crm-pulse works on, its credentials (sealed with AES-256-GCM,
// see crypto.ts) and whether it runs. Updates are compare-and-set, so a token refresh in one
// worker and a pause from the admin API in another never undo each other. Credentials stay under
// the key that sealed them, through reads and updates alike: only `reseal` (`crm-pulse keys
// rotate`) moves them to the current key, so a process still on the old key keeps reading them.
import { z } from 'zod';
import { ConnectionError, RetryableError, CRM_KINDS, type CrmKind } from '../model/index.ts';
import { Keyring, UnsealError } from './crypto.ts';
import { ConnectionIdSchema, type Keys } from './keys.ts';
import { deleteMatching, exec, parseStored, Script, type RedisClient } from './redis.ts';

export const CredentialsSchema = z
  .object({
    accessToken: z.string().min(1).optional(),
    refreshToken: z.string().min(1).optional(),
    /** Epoch ms when the access token stops working. */
    expiresAt: z.number().finite().optional(),
    /** Salesforce: the org's instance URL, where its API calls go. */
    instanceUrl: z.url().optional(),
    /** Salesforce: the login domain the org was connected through (a sandbox's is test.salesforce.com); its tokens refresh there. */
    loginUrl: z.url().optional(),
  })
  .strict();
export type Credentials = z.output<typeof CredentialsSchema>;

export const ConnectionStatusSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('active') }),
  /** Runs again by itself at `until` (e.g. the daily API budget resets), or when resumed if null. */
  z.object({ state: z.literal('paused'), reason: z.string(), until: z.number().nullable() }),
  /** An admin must act (auth revoked, missing scope, bad mapping): `code` is the error's code. */
  z.object({ state: z.literal('stopped'), code: z.string(), message: z.string(), at: z.number() }),
]);
export type ConnectionStatus = z.output<typeof ConnectionStatusSchema>;

/** A connection without its credentials: safe to list, log and return from the admin API. */
export interface ConnectionInfo {
  id: string;
  kind: CrmKind;
  label: string | null;
  /** The CRM account connected: HubSpot portal (hub) id, Salesforce org id. */
  crmAccountId: string | null;
  status: ConnectionStatus;
  createdAt: number;
  updatedAt: number;
}

export interface Connection extends ConnectionInfo {
  credentials: Credentials;
}

export interface NewConnection {
  id: string;
  kind: CrmKind;
  credentials: Credentials;
  label?: string | null;
  crmAccountId?: string | null;
  /** Default active. */
  status?: ConnectionStatus;
}

/** Fields to change; `credentials` replaces the credentials as a whole. */
export type ConnectionPatch = Partial<Pick<Connection, 'label' | 'crmAccountId' | 'status' | 'credentials'>>;

export interface ConnectionStore {
  /** Every readable connection, oldest first, without credentials; get(id) names a corrupt one. */
  list(): Promise<ConnectionInfo[]>;
  /**
   * A connection with its credentials, or null; stores nothing (credentials under an old key stay
   * there). Throws ConnectionError CORRUPT_CONNECTION or CREDENTIALS_UNREADABLE (key not
   * configured, or tampered) with what the admin should do.
   */
  get(id: string): Promise<Connection | null>;
  /** The connection id of a CRM account (e.g. the portal a HubSpot webhook names), or null. */
  findByCrmAccount(kind: CrmKind, crmAccountId: string): Promise<string | null>;
  /** Creates or replaces a connection; a replaced one keeps its createdAt and the key sealing it. */
  put(input: NewConnection): Promise<Connection>;
  /**
   * Changes an existing connection, its credentials sealed under the key they were under; `patch`
   * may be computed from the current one. Throws NOT_CONNECTED when absent.
   */
  update(id: string, patch: ConnectionPatch | ((current: Connection) => ConnectionPatch)): Promise<Connection>;
  /**
   * Sets the status alone, without opening the credentials: works without an encryption key and
   * when the credentials are unreadable (which is itself a reason to stop). Throws NOT_CONNECTED.
   */
  setStatus(id: string, status: ConnectionStatus): Promise<ConnectionInfo>;
  /** Deletes the connection and everything stored under it (mapping, checkpoints, values, tasks...). */
  delete(id: string): Promise<boolean>;
  /** The id of the key sealing each connection's credentials, without opening them (null: not a sealed value). */
  sealedWith(): Promise<{ id: string; keyId: string | null }[]>;
  /**
   * Seals a connection's credentials again under the current key; 'current' when they already are
   * (so a re-run changes nothing), 'absent' when the connection is gone. Throws as `get` does.
   */
  reseal(id: string): Promise<'resealed' | 'current' | 'absent'>;
}

const RecordSchema = z.object({
  v: z.literal(1),
  id: ConnectionIdSchema,
  kind: z.enum(CRM_KINDS),
  label: z.string().nullable(),
  crmAccountId: z.string().nullable(),
  status: ConnectionStatusSchema,
  /** CredentialsSchema JSON, sealed with the id as context. */
  credentials: z.string(),
  createdAt: z.number(),
  updatedAt: z.number(),
});
type StoredRecord = z.output<typeof RecordSchema>;

// Compare-and-set of a record plus its two indexes. KEYS: record, connections zset, crm-accounts
// hash. ARGV: expected raw ('' = absent), new raw, id, createdAt, old index field, new index field.
const WRITE = new Script(
  'connection_write',
  `
local current = redis.call('GET', KEYS[1]) or ''
if current ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2])
redis.call('ZADD', KEYS[2], 'NX', ARGV[4], ARGV[3])
if ARGV[5] ~= '' and ARGV[5] ~= ARGV[6] and redis.call('HGET', KEYS[3], ARGV[5]) == ARGV[3] then
  redis.call('HDEL', KEYS[3], ARGV[5])
end
if ARGV[6] ~= '' then redis.call('HSET', KEYS[3], ARGV[6], ARGV[3]) end
return 1
`,
);

// A busy connection sees a few concurrent writers at most (refresh, status, admin).
const MAX_ATTEMPTS = 10;

const indexField = (r: { kind: CrmKind; crmAccountId: string | null }) => (r.crmAccountId ? `${r.kind}:${r.crmAccountId}` : '');

export interface RedisConnectionStoreOptions {
  redis: RedisClient;
  keys: Keys;
  /** Null when CRM_PULSE_ENCRYPTION_KEY is unset: list, find and delete still work; credentials do not. */
  keyring: Keyring | null;
  now?: () => number;
}

export class RedisConnectionStore implements ConnectionStore {
  readonly #redis: RedisClient;
  readonly #keys: Keys;
  readonly #keyring: Keyring | null;
  readonly #now: () => number;

  constructor(options: RedisConnectionStoreOptions) {
    this.#redis = options.redis;
    this.#keys = options.keys;
    this.#keyring = options.keyring;
    this.#now = options.now ?? Date.now;
  }

  async list(): Promise<ConnectionInfo[]> {
    const ids = await this.#redis.zrange(this.#keys.connections(), '0', '-1');
    if (ids.length === 0) return [];
    const raws = await this.#redis.mget(...ids.map((id) => this.#keys.connection(id)));
    const out: ConnectionInfo[] = [];
    for (const raw of raws) {
      const parsed = raw === null ? null : parseStored(RecordSchema, raw);
      if (parsed?.ok) out.push(info(parsed.value));
    }
    return out;
  }

  async get(id: string): Promise<Connection | null> {
    return (await this.#load(id))?.connection ?? null;
  }

  async findByCrmAccount(kind: CrmKind, crmAccountId: string): Promise<string | null> {
    return this.#redis.hget(this.#keys.crmAccounts(), indexField({ kind, crmAccountId }));
  }

  async put(input: NewConnection): Promise<Connection> {
    const id = ConnectionIdSchema.parse(input.id);
    const credentials = CredentialsSchema.parse(input.credentials);
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const key = this.#keys.connection(id);
      const raw = await this.#redis.get(key);
      const previous = raw === null ? null : parseStored(RecordSchema, raw);
      const now = this.#now();
      const record: StoredRecord = {
        v: 1,
        id,
        kind: input.kind,
        label: input.label ?? null,
        crmAccountId: input.crmAccountId ?? null,
        status: ConnectionStatusSchema.parse(input.status ?? { state: 'active' }),
        credentials: this.#seal(id, credentials, previous?.ok ? Keyring.sealedKeyId(previous.value.credentials) : null),
        createdAt: previous?.ok ? previous.value.createdAt : now,
        updatedAt: now,
      };
      const oldIndex = previous?.ok ? indexField(previous.value) : '';
      if (await this.#write(id, raw ?? '', record, oldIndex)) return { ...info(record), credentials };
    }
    throw this.#contended(id);
  }

  async update(id: string, patch: ConnectionPatch | ((current: Connection) => ConnectionPatch)): Promise<Connection> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const loaded = await this.#load(id);
      if (!loaded) throw new ConnectionError('NOT_CONNECTED', `connection ${id} does not exist (deleted, or never connected)`);
      const change = typeof patch === 'function' ? patch(loaded.connection) : patch;
      const next: Connection = { ...loaded.connection, ...change, updatedAt: this.#now() };
      const credentials = CredentialsSchema.parse(next.credentials);
      const record: StoredRecord = {
        ...loaded.record,
        label: next.label,
        crmAccountId: next.crmAccountId,
        status: ConnectionStatusSchema.parse(next.status),
        credentials: this.#seal(id, credentials, loaded.keyId),
        updatedAt: next.updatedAt,
      };
      if (await this.#write(id, loaded.raw, record, indexField(loaded.record))) return { ...info(record), credentials };
    }
    throw this.#contended(id);
  }

  async setStatus(id: string, status: ConnectionStatus): Promise<ConnectionInfo> {
    const next = ConnectionStatusSchema.parse(status);
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const raw = await this.#redis.get(this.#keys.connection(id));
      if (raw === null) throw new ConnectionError('NOT_CONNECTED', `connection ${id} does not exist (deleted, or never connected)`);
      const parsed = parseStored(RecordSchema, raw);
      if (!parsed.ok) throw corrupt(id, parsed.problem);
      const record = { ...parsed.value, status: next, updatedAt: this.#now() };
      if (await this.#write(id, raw, record, indexField(record))) return info(record);
    }
    throw this.#contended(id);
  }

  async delete(id: string): Promise<boolean> {
    const key = this.#keys.connection(id);
    const raw = await this.#redis.get(key);
    const parsed = raw === null ? null : parseStored(RecordSchema, raw);
    const field = parsed?.ok ? indexField(parsed.value) : '';
    await exec(this.#redis.multi().del(key).zrem(this.#keys.connections(), id));
    if (field && (await this.#redis.hget(this.#keys.crmAccounts(), field)) === id) await this.#redis.hdel(this.#keys.crmAccounts(), field);
    await deleteMatching(this.#redis, this.#keys.connectionData(id));
    return raw !== null;
  }

  async sealedWith(): Promise<{ id: string; keyId: string | null }[]> {
    const ids = await this.#redis.zrange(this.#keys.connections(), '0', '-1');
    if (ids.length === 0) return [];
    const raws = await this.#redis.mget(...ids.map((id) => this.#keys.connection(id)));
    return ids.flatMap((id, i) => {
      const raw = raws[i];
      if (raw === null || raw === undefined) return [];
      const parsed = parseStored(RecordSchema, raw);
      return [{ id, keyId: parsed.ok ? Keyring.sealedKeyId(parsed.value.credentials) : null }];
    });
  }

  async reseal(id: string): Promise<'resealed' | 'current' | 'absent'> {
    const current = this.#ring().currentKeyId;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const loaded = await this.#load(id);
      if (!loaded) return 'absent';
      if (loaded.keyId === current) return 'current';
      // Compare-and-set on the record read: a token refresh stored meanwhile fails the write, and
      // the next attempt re-seals the refreshed credentials instead of putting the old ones back.
      const record = { ...loaded.record, credentials: this.#seal(id, loaded.connection.credentials, current) };
      if (await this.#write(id, loaded.raw, record, indexField(loaded.record))) return 'resealed';
    }
    throw this.#contended(id);
  }

  async #load(id: string): Promise<{ raw: string; record: StoredRecord; connection: Connection; keyId: string } | null> {
    const raw = await this.#redis.get(this.#keys.connection(id));
    if (raw === null) return null;
    const parsed = parseStored(RecordSchema, raw);
    if (!parsed.ok) throw corrupt(id, parsed.problem);
    const record = parsed.value;
    let opened;
    try {
      opened = this.#ring().open(record.credentials, context(id));
    } catch (error) {
      if (!(error instanceof UnsealError)) throw error;
      const fix = error.reason === 'unknown_key' ? 'add the key it was sealed with to CRM_PULSE_ENCRYPTION_KEYS_OLD, or connect the CRM again' : 'connect the CRM again';
      throw new ConnectionError('CREDENTIALS_UNREADABLE', `connection ${id}: the stored credentials cannot be decrypted (${error.message}); ${fix}`, undefined, { cause: error });
    }
    const credentials = parseStored(CredentialsSchema, opened.plaintext);
    if (!credentials.ok) {
      throw new ConnectionError('CREDENTIALS_UNREADABLE', `connection ${id}: the stored credentials ${credentials.problem}; connect the CRM again`);
    }
    return { raw, record, connection: { ...info(record), credentials: credentials.value }, keyId: opened.keyId };
  }

  async #write(id: string, expected: string, record: StoredRecord, oldIndex: string): Promise<boolean> {
    const keys = [this.#keys.connection(id), this.#keys.connections(), this.#keys.crmAccounts()];
    // Parsed on the way in too: nothing is written that a later read would call corrupt.
    const raw = JSON.stringify(RecordSchema.parse(record));
    const done = await WRITE.run(this.#redis, keys, [expected, raw, id, record.createdAt, oldIndex, indexField(record)]);
    return done === 1;
  }

  /** Under `keyId` when this process holds that key (the key the record was under), else the current key. */
  #seal(id: string, credentials: Credentials, keyId: string | null): string {
    const ring = this.#ring();
    return ring.seal(JSON.stringify(credentials), context(id), keyId && ring.has(keyId) ? keyId : ring.currentKeyId);
  }

  #ring(): Keyring {
    if (!this.#keyring) {
      throw new ConnectionError('NO_ENCRYPTION_KEY', 'CRM_PULSE_ENCRYPTION_KEY is not set; it is needed to read or store connection credentials (generate one with: openssl rand -base64 32)');
    }
    return this.#keyring;
  }

  #contended(id: string): RetryableError {
    return new RetryableError('STORE_CONTENDED', `connection ${id} kept changing during ${MAX_ATTEMPTS} attempts to update it; try again`);
  }
}

function corrupt(id: string, problem: string): ConnectionError {
  return new ConnectionError('CORRUPT_CONNECTION', `connection ${id}: the stored record ${problem}; delete the connection and connect the CRM again`);
}

// Binds sealed credentials to their connection: copied onto another record, they do not open.
const context = (id: string) => `connection:${id}`;

function info(r: StoredRecord): ConnectionInfo {
  return { id: r.id, kind: r.kind, label: r.label, crmAccountId: r.crmAccountId, status: r.status, createdAt: r.createdAt, updatedAt: r.updatedAt };
}
