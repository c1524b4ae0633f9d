// The public face of src/sandbox: what other parts may use. Everything else can change without
// looking outside the folder.
export { startSandbox, type Sandbox, type SandboxCrm } from './sandbox.ts';
export { LONG_TEXT_AREA } from './salesforce/schema.ts';
