// What the command line does with an error no command expected (a bug, or a failure no message
// was written for): one line on stderr saying what went wrong, the stack in the log (a JSON line,
// also on stderr so stdout keeps only a command's output), and exit code 70 (sysexits.h's
// EX_SOFTWARE), apart from every command's own codes. A raw stack trace helps no operator.
import { createLogger } from '../observe/index.ts';

export const BUG_EXIT = 70;

export function reportBug(command: string, error: unknown): never {
  const message = error instanceof Error ? error.message : String(error);
  const firstLine = message.split('\n', 1)[0] || (error instanceof Error ? error.name : 'unknown error');
  process.stderr.write(`crm-pulse${command ? ` ${command}` : ''}: unexpected error: ${firstLine} (a bug; the log line below has its stack)\n`);
  // At level error whatever LOG_LEVEL says: the line above promises the stack.
  createLogger({ level: 'error', fd: 2 }).error({ err: error, command }, 'unexpected error');
  process.exit(BUG_EXIT);
}
