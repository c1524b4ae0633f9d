// `crm-pulse keys status | rotate`: which encryption key seals each stored connection's
// credentials, and moving them all to CRM_PULSE_ENCRYPTION_KEY. Reads and token refreshes never
// move credentials to another key (a process still on the old key must keep reading them), so
// rotating is this one explicit step, run once every process has both keys. Keys are named by
// their key id (an HMAC fingerprint, crypto.ts), never shown.
import { Command } from 'commander';
import type { Keyring } from '../store/index.ts';
import type { Runtime } from './runtime.ts';

export const KEYS_EXIT = { done: 0, notDone: 1, config: 2 } as const;

type KeyState = 'current' | 'old' | 'unknown' | 'unreadable';

const STATE_TEXT: Record<KeyState, string> = {
  current: 'current key',
  old: 'old key: run `crm-pulse keys rotate`',
  unknown: 'unknown key: in neither CRM_PULSE_ENCRYPTION_KEY nor CRM_PULSE_ENCRYPTION_KEYS_OLD',
  unreadable: 'not a sealed value: connect the CRM again',
};

/** Opens the runtime with a key, or says why not (exit 2) and returns null. */
async function open(command: string): Promise<{ rt: Runtime; keyring: Keyring } | null> {
  const { startRuntime, CONFIG_EXIT } = await import('./start.ts');
  const rt = await startRuntime(`keys ${command}`, { logFd: 2, logLevel: process.env.LOG_LEVEL ? undefined : 'warn' });
  if (!rt) return null;
  const { keyring } = rt;
  if (keyring) return { rt, keyring };
  await rt.close();
  process.stderr.write(`crm-pulse keys ${command}: CRM_PULSE_ENCRYPTION_KEY is not set; it names the key to seal credentials under\n`);
  process.exitCode = CONFIG_EXIT;
  return null;
}

async function status(opts: { json: boolean }): Promise<void> {
  const opened = await open('status');
  if (!opened) return;
  const { rt, keyring } = opened;
  try {
    const { currentKeyId, oldKeyIds } = keyring;
    const state = (keyId: string | null): KeyState => (keyId === null ? 'unreadable' : keyId === currentKeyId ? 'current' : oldKeyIds.includes(keyId) ? 'old' : 'unknown');
    const connections = (await rt.store.connections.sealedWith()).map((c) => ({ id: c.id, key: c.keyId, state: state(c.keyId) }));
    const current = connections.filter((c) => c.state === 'current').length;
    if (opts.json) {
      process.stdout.write(`${JSON.stringify({ currentKey: currentKeyId, oldKeys: oldKeyIds, connections })}\n`);
    } else {
      const width = Math.max(10, ...connections.map((c) => c.id.length));
      const lines = [`Current key: ${currentKeyId} (CRM_PULSE_ENCRYPTION_KEY)`, `Old keys:    ${oldKeyIds.join(', ') || 'none'} (CRM_PULSE_ENCRYPTION_KEYS_OLD)`, ''];
      for (const c of connections) lines.push(`${c.id.padEnd(width)}  ${(c.key ?? '-').padEnd(16)}  ${STATE_TEXT[c.state]}`);
      lines.push(`${current} of ${connections.length} connections under the current key${current === connections.length ? ': the old keys can be dropped' : ''}.`);
      process.stdout.write(`${lines.join('\n')}\n`);
    }
    process.exitCode = current === connections.length ? KEYS_EXIT.done : KEYS_EXIT.notDone;
  } finally {
    await rt.close();
  }
}

async function rotate(opts: { json: boolean }): Promise<void> {
  const opened = await open('rotate');
  if (!opened) return;
  const { rt, keyring } = opened;
  try {
    const { PulseError } = await import('../model/index.ts');
    const results: { id: string; outcome: 'resealed' | 'current' | 'failed'; message?: string }[] = [];
    for (const { id } of await rt.store.connections.list()) {
      try {
        const outcome = await rt.store.connections.reseal(id);
        if (outcome !== 'absent') results.push({ id, outcome });
      } catch (error) {
        // One unreadable connection must not stop the others from moving.
        if (!(error instanceof PulseError)) throw error;
        results.push({ id, outcome: 'failed', message: error.message });
      }
    }
    const count = (o: string) => results.filter((r) => r.outcome === o).length;
    if (opts.json) {
      process.stdout.write(`${JSON.stringify({ currentKey: keyring.currentKeyId, connections: results })}\n`);
    } else {
      const text = { resealed: `re-sealed under ${keyring.currentKeyId}`, current: 'already under the current key', failed: 'not re-sealed' };
      const lines = results.map((r) => `${r.id}: ${text[r.outcome]}${r.message ? ` (${r.message})` : ''}`);
      lines.push(`${count('resealed')} re-sealed, ${count('current')} already under the current key, ${count('failed')} failed.`);
      process.stdout.write(`${lines.join('\n')}\n`);
    }
    process.exitCode = count('failed') === 0 ? KEYS_EXIT.done : KEYS_EXIT.notDone;
  } finally {
    await rt.close();
  }
}

/** The `keys` command group, for main.ts to register with `program.addCommand(keysCommand())`. */
export function keysCommand(): Command {
  const group = new Command('keys').description('Encryption keys of stored credentials: which key seals each connection, and rotation');
  group
    .command('status')
    .description('Show the key (by key id) sealing each stored connection\'s credentials')
    .option('--json', 'print one JSON object', false)
    .addHelpText('after', '\nExit codes:\n  0  every connection is under CRM_PULSE_ENCRYPTION_KEY: the old keys can be dropped\n  1  some are not (run `crm-pulse keys rotate`, or connect them again)\n  2  bad configuration, or Redis not answering')
    .action(status);
  group
    .command('rotate')
    .description('Seal every stored credential under CRM_PULSE_ENCRYPTION_KEY; safe to run again')
    .option('--json', 'print one JSON object', false)
    .addHelpText(
      'after',
      `
Run it once every process (serve, workers) has the new key as CRM_PULSE_ENCRYPTION_KEY and the old
one in CRM_PULSE_ENCRYPTION_KEYS_OLD: a process on the old key alone cannot read what it re-seals.

Exit codes:
  0  every connection is under the current key
  1  some could not be re-sealed (each is named, with why)
  2  bad configuration, or Redis not answering`,
    )
    .action(rotate);
  return group;
}
