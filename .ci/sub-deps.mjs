// Installs a sub-package's own dependencies from its lockfile: the HubSpot record card's
// (manifests/hubspot/src/app/cards: the pinned @hubspot/ui-extensions, React and TypeScript 5 it
// is checked with) for `npm run typecheck:card`, and the Salesforce DX project's
// (manifests/salesforce: sfdx-lwc-jest and the Salesforce CLI) for `npm run test:lwc` and
// `npm run convert:salesforce`. They stay out of the root package, which ships without them.
// `npm ci` deletes node_modules and installs again every time, so it runs only when package.json
// or package-lock.json differ from those of the last install, kept in node_modules as a stamp: an
// unchanged sub-package costs `npm test` nothing.
// Usage: node .ci/sub-deps.mjs <folder relative to the repository root>
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const folder = process.argv[2];
if (!folder) throw new Error('usage: node .ci/sub-deps.mjs <folder>');
const dir = fileURLToPath(new URL(`../${folder.replace(/\/?$/, '/')}`, import.meta.url));
const stamp = `${dir}node_modules/.crm-pulse-installed`;
const wanted = ['package.json', 'package-lock.json'].map((f) => readFileSync(dir + f, 'utf8')).join('\n');

if (!existsSync(stamp) || readFileSync(stamp, 'utf8') !== wanted) {
  // --ignore-scripts: neither sub-package needs an install script (the Salesforce CLI's only
  // checks for an old sfdx), and none should run in CI.
  execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--ignore-scripts', '--prefix', dir], { stdio: 'inherit' });
  writeFileSync(stamp, wanted);
}
