// The public face of src/http: what other parts may use. Everything else can change without
// looking outside the folder.
export { createApp } from './app.ts';
export type { HttpDeps } from './deps.ts';
