// Start-up of the service commands: the environment parsed once (a bad value stops here with every
// problem named) and the runtime opened (Redis must answer). Failures print one clear message and
// set exit code 2, the code of "bad configuration".
import { EnvError, parseEnv } from '../config/index.ts';
import { ConnectionError } from '../model/index.ts';
import { openRuntime, type Runtime, type RuntimeOptions } from './runtime.ts';

export const CONFIG_EXIT = 2;

export async function startRuntime(command: string, options: RuntimeOptions = {}): Promise<Runtime | null> {
  try {
    return await openRuntime(parseEnv(process.env), options);
  } catch (error) {
    if (!(error instanceof EnvError || error instanceof ConnectionError)) throw error;
    process.stderr.write(`crm-pulse ${command}: ${error.message}\n`);
    process.exitCode = CONFIG_EXIT;
    return null;
  }
}
