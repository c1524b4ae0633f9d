#!/usr/bin/env node
// The `crm-pulse` command. `npm install` builds dist/ (the `prepare` script); without a build,
// Node >= 22.18 runs the TypeScript sources directly.
try {
  await import('../dist/cli/main.js');
} catch (e) {
  if (e?.code !== 'ERR_MODULE_NOT_FOUND' || !String(e.message).includes('dist/cli/main.js')) throw e;
  await import('../src/cli/main.ts');
}
