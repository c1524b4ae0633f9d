// The Redis key layout of the store, built in one place: every key starts with
// CRM_PULSE_REDIS_PREFIX, so one Redis can hold several installations, a test can own a random
// prefix, and a Redis Cluster keeps everything in one slot when the prefix is a hash tag.
//
//   P:connections                        zset    connection id -> createdAt (the list order)
//   P:connections:crm-accounts           hash    "<kind>:<crm account id>" -> connection id
//   P:conn:<id>                          string  connection record (JSON, credentials sealed)
//   P:conn:<id>:mapping                  string  field mapping (JSON)
//   P:conn:<id>:policy                   string  the admin's partial policy (JSON)
//   P:conn:<id>:checkpoints              hash    stream -> checkpoint (JSON)
//   P:conn:<id>:written                  hash    account id -> last written values (JSON)
//   P:conn:<id>:accounts                 hash    account id -> canonical account (JSON)
//   P:conn:<id>:accounts:scored          hash    account id -> digest of the values it was last scored from
//   P:conn:<id>:definitions              hash    name -> a CRM definition kept between runs, with its time (JSON)
//   P:conn:<id>:snapshots                hash    account id -> [[day, score, nps], ...] (JSON)
//   P:conn:<id>:scores                   hash    account id -> latest score and explanation (JSON)
//   P:conn:<id>:summaries                hash    account id -> activity summary and deals its latest score was made from (JSON)
//   P:conn:<id>:wins                     hash    account id -> [[closedAt, amount], ...] (JSON)
//   P:conn:<id>:segments                 hash    account id -> RFM segment of the last ranking
//   P:conn:<id>:planned-tasks            hash    account id -> tasks its last score asks for (JSON)
//   P:conn:<id>:tasks                    hash    task key -> task record (JSON)
//   P:conn:<id>:tasks:pending            zset    task key -> reservedAt (reserved, not confirmed)
//   P:conn:<id>:tasks:account:<account>  set     task keys of one account
//   P:conn:<id>:runs                     hash    run id -> run record (JSON)
//   P:conn:<id>:runs:order               zset    run id -> startedAt
//   P:conn:<id>:audit                    stream  one entry per write, capped
//   P:conn:<id>:api-usage                zset    the CRM's newest API-budget reading (JSON) by its time
//   P:conn:<id>:full-run-pending         string  a settings change a full run must still apply (JSON)
//   P:conn:<id>:webhooks:pending         hash    "c:<what>:<company>" | "r:<kind>:<record>" -> "<first arrival>:<seq>"
//   P:conn:<id>:webhooks:seq             string  sequence of webhook changes (the entries' stamps)
//   P:conn:<id>:histories                hash    account id -> history last read, with its time (JSON)
//   P:conn:<id>:backtest                 string  the last backtest report, its policy digest and day (JSON)
//   P:conn:<id>:run-history:<run>        set     the parts a run reads once for all its batches (run-history.ts)
//   P:conn:<id>:run-history:<run>:<part>  hash    company id -> that part's records
//   P:conn:<id>:run-history:<run>:<part>:claim / :done  string  who reads the part / that it is read whole
//   P:webhook-seen:<scope>:<event id>    string  "1" with a TTL
//   P:oauth-state:<state>                string  install-flow state (JSON) with a TTL
//   P:oauth-states-live                  zset    live install-flow states -> expiry (their cap)
//   P:oauth-rate:<client address>        string  install-flow states a client made this minute
//   P:crm-pulse:rl:hubspot:<portal>:<b>  zset    a HubSpot account's shared rate-limit window
//   P:console-session:<digest>           string  an admin console session (JSON) with its idle TTL
//   P:console-sign-in:<digest>           string  a one-time console sign-in link's token with a TTL
//
// BullMQ shares the prefix (its keys are `P:<queue name>:...`): queue names must not be
// `connections`, `conn`, `webhook-seen`, `oauth-state`, `oauth-states-live`, `oauth-rate`,
// `console-session`, `console-sign-in` or `crm-pulse` (the rate-limit windows).
import { z } from 'zod';
import { prefixProblem } from '../config/index.ts';

/** Connection ids appear inside key names and URLs, so they are kept to a safe alphabet. */
export const ConnectionIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, 'must be 1 to 64 letters, digits, _ or -, starting with a letter or digit');

// Redis MATCH patterns treat * ? [ ] \ as special; the prefix alphabet excludes them, but ids
// from a CRM (account ids) are escaped anyway.
function globEscape(s: string): string {
  return s.replace(/[*?[\]\\]/g, '\\$&');
}

export class Keys {
  readonly prefix: string;

  constructor(prefix: string) {
    const problem = prefixProblem(prefix);
    if (problem) throw new RangeError(`Redis key prefix "${prefix}" ${problem}`);
    this.prefix = prefix;
  }

  /** A MATCH pattern for every key under the prefix, BullMQ's included. */
  everything(): string {
    return `${globEscape(this.prefix)}:*`;
  }

  connections(): string {
    return `${this.prefix}:connections`;
  }

  crmAccounts(): string {
    return `${this.prefix}:connections:crm-accounts`;
  }

  /** By a digest of the session id: a copy of Redis holds no cookie that would sign anyone in. */
  consoleSession(digest: string): string {
    return `${this.prefix}:console-session:${digest}`;
  }

  consoleSignIn(digest: string): string {
    return `${this.prefix}:console-sign-in:${digest}`;
  }

  connection(id: string): string {
    return `${this.prefix}:conn:${ConnectionIdSchema.parse(id)}`;
  }

  /** A MATCH pattern for a connection's data keys (not its record). */
  connectionData(id: string): string {
    return `${globEscape(this.connection(id))}:*`;
  }

  mapping(id: string): string {
    return `${this.connection(id)}:mapping`;
  }

  policy(id: string): string {
    return `${this.connection(id)}:policy`;
  }

  checkpoints(id: string): string {
    return `${this.connection(id)}:checkpoints`;
  }

  written(id: string): string {
    return `${this.connection(id)}:written`;
  }

  accounts(id: string): string {
    return `${this.connection(id)}:accounts`;
  }

  scoredFrom(id: string): string {
    return `${this.connection(id)}:accounts:scored`;
  }

  /** A run's own writes: account id -> the CRM's stamp of its write (0 until answered). */
  ownWrites(id: string, runId: string): string {
    return `${this.connection(id)}:own-writes:${runId}`;
  }

  /** Accounts a run's own-write check found changed: read and scored by the next run. */
  recheck(id: string): string {
    return `${this.connection(id)}:recheck`;
  }

  definitions(id: string): string {
    return `${this.connection(id)}:definitions`;
  }

  snapshots(id: string): string {
    return `${this.connection(id)}:snapshots`;
  }

  scores(id: string): string {
    return `${this.connection(id)}:scores`;
  }

  summaries(id: string): string {
    return `${this.connection(id)}:summaries`;
  }

  wins(id: string): string {
    return `${this.connection(id)}:wins`;
  }

  backtest(id: string): string {
    return `${this.connection(id)}:backtest`;
  }

  segments(id: string): string {
    return `${this.connection(id)}:segments`;
  }

  plannedTasks(id: string): string {
    return `${this.connection(id)}:planned-tasks`;
  }

  tasks(id: string): string {
    return `${this.connection(id)}:tasks`;
  }

  pendingTasks(id: string): string {
    return `${this.connection(id)}:tasks:pending`;
  }

  accountTasks(id: string, accountId: string): string {
    return `${this.connection(id)}:tasks:account:${accountId}`;
  }

  runs(id: string): string {
    return `${this.connection(id)}:runs`;
  }

  runOrder(id: string): string {
    return `${this.connection(id)}:runs:order`;
  }

  audit(id: string): string {
    return `${this.connection(id)}:audit`;
  }

  apiUsage(id: string): string {
    return `${this.connection(id)}:api-usage`;
  }

  pendingFullRun(id: string): string {
    return `${this.connection(id)}:full-run-pending`;
  }

  webhookPending(id: string): string {
    return `${this.connection(id)}:webhooks:pending`;
  }

  webhookSequence(id: string): string {
    return `${this.connection(id)}:webhooks:seq`;
  }

  histories(id: string): string {
    return `${this.connection(id)}:histories`;
  }

  /** One part (a history type and its windows) of what a run reads once for all its batches. */
  runHistory(id: string, runId: string, part: string): string {
    return `${this.connection(id)}:run-history:${runId}:${part}`;
  }

  /** The parts of a run's shared history (a set), so its end deletes them without a key scan. */
  runHistoryParts(id: string, runId: string): string {
    return `${this.connection(id)}:run-history:${runId}`;
  }

  webhookSeen(scope: string, eventId: string): string {
    return `${this.prefix}:webhook-seen:${scope}:${eventId}`;
  }

  oauthState(state: string): string {
    return `${this.prefix}:oauth-state:${state}`;
  }

  oauthStatesLive(): string {
    return `${this.prefix}:oauth-states-live`;
  }

  /** `client` is an address as the server saw it (IPv4 or IPv6 text), capped in length. */
  oauthRate(client: string): string {
    return `${this.prefix}:oauth-rate:${client.slice(0, 64)}`;
  }
}
