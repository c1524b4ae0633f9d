#!/usr/bin/env node
// The `crm-pulse` command. Node >= 22.18 runs the TypeScript sources directly (type stripping),
// so there is no build step between `npm install` and `npx crm-pulse`.
import '../src/cli/main.ts';
