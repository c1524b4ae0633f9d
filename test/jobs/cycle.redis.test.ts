// A whole cycle through the queue on the real Redis, for each CRM with its connector talking to a
// fake over nock (a HubSpot portal, a Salesforce org): the first run loads every account, sets up
// our fields (HubSpot: creates them; Salesforce: checks the deployed ones), writes values and
// tasks; a second run over unchanged data writes nothing; two runs started together on one
// connection process it once.
import { describe, expect, it } from 'vitest';
import { runCycle } from '../../src/cli/run.ts';
import { crms } from './crms.ts';
import { AS_OF_MS, quietIO, useHarness } from './harness.ts';

const h = useHarness();
const ACCOUNTS = 250;
// A cycle later: past the two minutes a Salesforce read stays behind "now", as a 15-minute schedule is.
const LATER_MS = 15 * 60_000;

describe.each(crms())('crm-pulse run on $kind (one cycle through the queue)', (crm) => {
  const id = crm.connectionId;

  it('loads every account, sets up our fields, writes values and tasks, and records the run', async () => {
    const fake = crm.start(ACCOUNTS);
    const rt = await h.runtime(crm.env, crm.runtimeOptions());
    const { code, summary } = await runCycle(rt, { full: false, dryRun: false }, quietIO());

    expect(code).toBe(0);
    const connection = summary!.connections[0]!;
    expect(connection).toMatchObject({ connectionId: id, mode: 'full', status: 'succeeded', joined: false, pausedUntil: null });
    expect(summary!.counts).toMatchObject({ accountsRead: ACCOUNTS, accountsScored: ACCOUNTS, accountsUnchanged: 0, errors: 0 });
    expect(summary!.counts.tasksCreated).toBeGreaterThan(0);
    expect(summary!.counts.handoffs).toBe(ACCOUNTS / 10);
    expect(fake.accountPageReads()).toBe(crm.pages(ACCOUNTS));
    expect(fake.schemaSetUp()).toBe(true);

    // Every account holds the values the store says were written.
    const written = await rt.store.written.getMany(id, fake.accountIds());
    expect(written.size).toBe(ACCOUNTS);
    for (const accountId of fake.accountIds()) {
      expect(fake.values(accountId)).toEqual({ tier: written.get(accountId)!.tier, healthReasons: written.get(accountId)!.healthReasons, scoredAt: AS_OF_MS });
    }
    // Each task once, each with its key.
    const keys = fake.taskKeys();
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.length).toBe(summary!.counts.tasksCreated);

    const [run] = await rt.store.runs.list(id);
    expect(run).toMatchObject({ id: connection.runId, status: 'succeeded', mode: 'full', counts: summary!.counts });
    expect((await rt.store.audit.list(id, { limit: 1000 })).length).toBeGreaterThan(ACCOUNTS);
    expect(await rt.store.checkpoints.get(id, 'accounts')).not.toBeNull();
    // Salesforce reports the org's API budget with every answer; HubSpot reports none.
    if (crm.kind === 'salesforce') expect(connection.apiUsage).toMatchObject({ max: 100_000, pauseAtShare: 0.8, used: expect.any(Number) });
    else expect(connection.apiUsage).toBeNull();
  });

  it('makes no write call on a second cycle over unchanged data', async () => {
    const fake = crm.start(ACCOUNTS);
    const rt = await h.runtime(crm.env, crm.runtimeOptions());
    const first = await runCycle(rt, { full: false, dryRun: false }, quietIO());
    expect(first.summary!.counts.accountsWritten).toBeGreaterThan(0);
    const writesBefore = fake.valueWriteCalls() + fake.taskCreateCalls();

    crm.advance(LATER_MS);
    const second = await runCycle(rt, { full: false, dryRun: false }, quietIO());
    // The write-back moved every account's modification time. HubSpot's search leaves the run's
    // own writes out (the own-write fence), so it reads none; Salesforce's incremental read finds
    // them all again, with the values they were scored from, and scores none again for it (it
    // re-scores the accounts the first cycle made tasks for: those tasks are Task activities).
    const reread = crm.kind === 'hubspot' ? 0 : ACCOUNTS;
    expect(second.summary!.counts).toMatchObject({ accountsRead: reread, accountsSkipped: reread, accountsWritten: 0, tasksCreated: 0 });
    if (crm.kind === 'hubspot') expect(second.summary!.counts.accountsScored).toBe(0);
    expect(fake.valueWriteCalls() + fake.taskCreateCalls()).toBe(writesBefore);

    crm.advance(LATER_MS);
    const full = await runCycle(rt, { full: true, dryRun: false }, quietIO());
    expect(full.summary!.counts).toMatchObject({ accountsRead: ACCOUNTS, accountsWritten: 0, tasksCreated: 0 });
    expect(fake.valueWriteCalls() + fake.taskCreateCalls()).toBe(writesBefore);
  });

  it('writes nothing on a dry run and says what it would write', async () => {
    const fake = crm.start(20);
    const rt = await h.runtime(crm.env, crm.runtimeOptions());
    const { code, summary } = await runCycle(rt, { full: false, dryRun: true }, quietIO());
    expect(code).toBe(0);
    expect(fake.mutations()).toBe(0);
    expect(fake.taskKeys()).toEqual([]);
    expect(summary!.planned).toHaveLength(20);
    expect(summary!.planned![0]).toMatchObject({ values: { tier: expect.any(String), scoredAt: new Date(AS_OF_MS).toISOString() } });
    expect(await rt.store.written.getMany(id, fake.accountIds())).toEqual(new Map());
    expect(await rt.store.checkpoints.get(id, 'accounts')).toBeNull();
  });

  it('processes a connection once when two runs start together', async () => {
    const fake = crm.start(ACCOUNTS);
    const [a, b] = [await h.runtime(crm.env, crm.runtimeOptions()), await h.runtime(crm.env, crm.runtimeOptions())];
    const [ra, rb] = await Promise.all([runCycle(a, { full: false, dryRun: false }, quietIO()), runCycle(b, { full: false, dryRun: false }, quietIO())]);

    expect(ra.code).toBe(0);
    expect(rb.code).toBe(0);
    const [ca, cb] = [ra.summary!.connections[0]!, rb.summary!.connections[0]!];
    expect(ca.runId).toBe(cb.runId);
    expect([ca.joined, cb.joined].sort()).toEqual([false, true]);
    // Every page read once, every account written once.
    expect(fake.accountPageReads()).toBe(crm.pages(ACCOUNTS));
    const sends = fake.accountSends(false);
    expect(sends.size).toBe(ACCOUNTS);
    // Once, values and RFM segment together.
    expect(new Set(sends.values())).toEqual(new Set([1]));
    expect(await a.store.runs.list(id)).toHaveLength(1);
  });
});
