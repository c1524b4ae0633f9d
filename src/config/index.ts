// The public face of src/config: what other parts may use. Everything else can change without
// looking outside the folder.
export { EnvError, envConnection, parseEnv, type Env, type EnvConnection } from './env.ts';
export { loadPolicyFile } from './policy-file.ts';
export { prefixProblem } from './redis-prefix.ts';
export type { Secret } from './secret.ts';
