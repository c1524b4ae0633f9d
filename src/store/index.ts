// Public surface of the store: everything crm-pulse keeps in Redis between runs, one part per
// concept, opened together on one ioredis client and one key prefix (see keys.ts for the layout).
import { RedisAccountCache, type AccountCache } from './accounts.ts';
import { RedisApiUsageStore, type ApiUsageStore } from './api-usage.ts';
import { RedisAuditLog, type AuditLog } from './audit.ts';
import { RedisCheckpointStore, type CheckpointStore } from './checkpoints.ts';
import { RedisConnectionStore, type ConnectionStore } from './connections.ts';
import { RedisDefinitionCache } from './definitions.ts';
import { RedisHistoryCache, type HistoryCache } from './histories.ts';
import { RedisRunHistoryStore, type RunHistoryStore } from './run-history.ts';
import type { Keyring } from './crypto.ts';
import type { DefinitionCache } from '../connectors/index.ts';
import { Keys } from './keys.ts';
import { RedisMappingStore, type MappingStore } from './mapping.ts';
import { RedisOAuthStateStore, type OAuthStateOptions, type OAuthStateStore } from './oauth-states.ts';
import { RedisPendingRunStore, type PendingRunStore } from './pending-runs.ts';
import { RedisPolicyStore, type PolicyStore } from './policy.ts';
import { checkClient, type RedisClient } from './redis.ts';
import { RedisRunStore, type RunStore } from './runs.ts';
import { RedisScoreStore, type ScoreStore } from './scores.ts';
import { RedisSnapshotStore, type SnapshotStore } from './snapshots.ts';
import { RedisTaskStore, type TaskStore } from './tasks.ts';
import { ConnectionTokenStore } from './token-store.ts';
import { RedisWebhookEventStore, type WebhookEventStore } from './webhook-events.ts';
import { RedisWinStore, type WinStore } from './wins.ts';
import { RedisSummaryStore, type SummaryStore } from './summaries.ts';
import { RedisSegmentStore, type SegmentStore } from './segments.ts';
import { RedisSessionStore, type SessionStore } from './sessions.ts';
import { RedisBacktestCache, type BacktestCache } from './backtests.ts';
import { RedisPlannedTaskStore, type PlannedTaskStore } from './planned-tasks.ts';
import { RedisWrittenValuesStore, type WrittenValuesStore } from './written.ts';
import { RedisOwnWriteStore, type OwnWriteStore } from './own-writes.ts';

export interface StoreOptions {
  /** A client without `keyPrefix`; it may be shared with other parts (not with BullMQ's blocking workers). */
  redis: RedisClient;
  /** CRM_PULSE_REDIS_PREFIX. */
  prefix: string;
  /** From CRM_PULSE_ENCRYPTION_KEY(S_OLD); null when unset (stored credentials then cannot be read or written). */
  keyring: Keyring | null;
  /** Clock for record timestamps. Default Date.now. */
  now?: () => number;
  /** Snapshot days kept per account. Default 400. */
  snapshotDays?: number;
  /** Runs kept per connection. Default 500. */
  runsKept?: number;
  /** Audit entries kept per connection. Default 100,000. */
  auditKept?: number;
  /** How long a webhook event id is remembered. Default 48 hours. */
  webhookTtlMs?: number;
  /** OAuth install states: how long one stays valid, and how many may be made (oauth-states.ts). */
  oauthStates?: Omit<OAuthStateOptions, 'now'>;
}

export interface Store {
  readonly keys: Keys;
  readonly connections: ConnectionStore;
  /** The connectors' TokenStore over `connections`. */
  readonly tokens: ConnectionTokenStore;
  readonly mappings: MappingStore;
  readonly policies: PolicyStore;
  /** A settings change a full run must still apply, per connection. */
  readonly pendingRuns: PendingRunStore;
  readonly checkpoints: CheckpointStore;
  readonly written: WrittenValuesStore;
  /** A run's own writes until its fence is made, and the accounts its check found changed. */
  readonly ownWrites: OwnWriteStore;
  readonly accounts: AccountCache;
  /** Each account's history as last read, so a change of its values alone needs no history read. */
  readonly histories: HistoryCache;
  /** What a run reads once for all its batches (HubSpot's windowed searches), shared by every worker process. */
  readonly runHistory: RunHistoryStore;
  /** The connectors' property definitions and pipeline stages, kept between runs. */
  readonly definitions: DefinitionCache;
  readonly snapshots: SnapshotStore;
  readonly scores: ScoreStore;
  readonly wins: WinStore;
  /** The activity summary and deals each account's latest score was made from (the impact preview's input). */
  readonly summaries: SummaryStore;
  /** Each account's RFM segment from the cycle's ranking, read by the write pass. */
  readonly segments: SegmentStore;
  /** The tasks each account's last score asks for, from the score pass to the write pass. */
  readonly plannedTasks: PlannedTaskStore;
  readonly tasks: TaskStore;
  readonly runs: RunStore;
  readonly audit: AuditLog;
  /** The CRM's newest API-budget reading per connection (Salesforce). */
  readonly apiUsage: ApiUsageStore;
  readonly webhookEvents: WebhookEventStore;
  readonly oauthStates: OAuthStateStore;
  /** Admin console sessions and one-time sign-in tokens. */
  readonly sessions: SessionStore;
  /** The last backtest report per connection (docs/backtest.md), computed by a queued job. */
  readonly backtests: BacktestCache;
  /**
   * Drops what is kept per account for accounts deleted in the CRM: cached account and history, last written
   * values, snapshots, latest score and what it was made from, wins, segment, planned tasks. Task records stay: their keys keep blocking duplicates (e.g. after a merge).
   */
  forgetAccounts(connectionId: string, accountIds: readonly string[]): Promise<void>;
}

export function createStore(options: StoreOptions): Store {
  const redis = checkClient(options.redis);
  const keys = new Keys(options.prefix);
  const connections = new RedisConnectionStore({ redis, keys, keyring: options.keyring, now: options.now });
  const accounts = new RedisAccountCache(redis, keys);
  const written = new RedisWrittenValuesStore(redis, keys);
  const histories = new RedisHistoryCache(redis, keys);
  const snapshots = new RedisSnapshotStore(redis, keys, { keepDays: options.snapshotDays });
  const scores = new RedisScoreStore(redis, keys);
  const wins = new RedisWinStore(redis, keys);
  const summaries = new RedisSummaryStore(redis, keys);
  const segments = new RedisSegmentStore(redis, keys);
  const plannedTasks = new RedisPlannedTaskStore(redis, keys);
  return {
    keys,
    connections,
    tokens: new ConnectionTokenStore(connections),
    mappings: new RedisMappingStore(redis, keys),
    policies: new RedisPolicyStore(redis, keys),
    pendingRuns: new RedisPendingRunStore(redis, keys),
    checkpoints: new RedisCheckpointStore(redis, keys),
    written,
    ownWrites: new RedisOwnWriteStore(redis, keys),
    accounts,
    histories,
    runHistory: new RedisRunHistoryStore(redis, keys),
    definitions: new RedisDefinitionCache(redis, keys),
    snapshots,
    scores,
    wins,
    summaries,
    segments,
    plannedTasks,
    tasks: new RedisTaskStore(redis, keys),
    runs: new RedisRunStore(redis, keys, { keep: options.runsKept }),
    audit: new RedisAuditLog(redis, keys, { keep: options.auditKept }),
    apiUsage: new RedisApiUsageStore(redis, keys),
    webhookEvents: new RedisWebhookEventStore(redis, keys, options.webhookTtlMs),
    oauthStates: new RedisOAuthStateStore(redis, keys, { ...options.oauthStates, now: options.now }),
    sessions: new RedisSessionStore(redis, keys, options.now),
    backtests: new RedisBacktestCache(redis, keys),
    async forgetAccounts(connectionId, accountIds) {
      await Promise.all(
        [accounts, histories, written, snapshots, scores, summaries, wins, segments, plannedTasks].map((part) => part.deleteMany(connectionId, accountIds)),
      );
    },
  };
}

export { Keyring, UnsealError, type Opened, type UnsealReason } from './crypto.ts';
export { Keys, ConnectionIdSchema } from './keys.ts';
export {
  RedisConnectionStore,
  CredentialsSchema,
  ConnectionStatusSchema,
  type ConnectionStore,
  type Connection,
  type ConnectionInfo,
  type ConnectionPatch,
  type ConnectionStatus,
  type Credentials,
  type NewConnection,
} from './connections.ts';
export { ConnectionTokenStore } from './token-store.ts';
export { RedisMappingStore, type MappingStore } from './mapping.ts';
export { RedisPolicyStore, type PolicyStore, type StoredPolicy } from './policy.ts';
export { RedisPendingRunStore, type PendingRunStore, type PendingFullRun } from './pending-runs.ts';
export { RedisCheckpointStore, CHECKPOINT_STREAMS, type CheckpointStore, type CheckpointStream } from './checkpoints.ts';
export { RedisWrittenValuesStore, type WrittenValuesStore, type WrittenValues } from './written.ts';
export { RedisAccountCache, type AccountCache } from './accounts.ts';
export { RedisSnapshotStore, type SnapshotStore, type SnapshotInput } from './snapshots.ts';
export { RedisScoreStore, StoredScoreSchema, type ScoreStore, type StoredScore } from './scores.ts';
export { RedisWinStore, type WinStore, type AccountWins, type Win } from './wins.ts';
export { RedisSummaryStore, type SummaryStore, type ScoredFrom, type ScoredAs } from './summaries.ts';
export { RedisSessionStore, type SessionStore, type ConsoleSession } from './sessions.ts';
export { RedisSegmentStore, type SegmentStore, type AccountSegment } from './segments.ts';
export { RedisPlannedTaskStore, type PlannedTaskStore, type PlannedTasks } from './planned-tasks.ts';
export { RedisTaskStore, type TaskStore, type TaskRecord, type TaskReservation, type TaskConfirmation } from './tasks.ts';
export { RedisRunStore, RunRecordSchema, RUN_ERRORS_KEPT, type RunStore, type RunRecord, type RunRecordInput, type RunCounts } from './runs.ts';
export { RedisApiUsageStore, type ApiUsageStore } from './api-usage.ts';
export { RedisAuditLog, AuditEntrySchema, type AuditLog, type AuditEntry, type AuditRecord, type AuditQuery } from './audit.ts';
export { RedisWebhookEventStore, DEFAULT_WEBHOOK_TTL_MS, type PendingChange, type WebhookEventStore } from './webhook-events.ts';
export type { CachedHistory } from './histories.ts';
export { RedisRunHistoryStore, CLAIM_MS, type RunHistoryStore } from './run-history.ts';
export { RedisOAuthStateStore, MemoryOAuthStateStore, DEFAULT_OAUTH_STATE_TTL_MS, type OAuthStateOptions, type OAuthStateStore, type OAuthState, type NewOAuthState } from './oauth-states.ts';
export { deleteMatching, type RedisClient } from './redis.ts';
export { RunCountsSchema } from './runs.ts';
export { RedisBacktestCache, type BacktestCache, type CachedBacktest } from './backtests.ts';
