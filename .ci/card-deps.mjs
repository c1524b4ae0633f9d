// Installs the HubSpot record card's own dependencies (manifests/hubspot/src/app/cards: the pinned
// @hubspot/ui-extensions, React and TypeScript 5 it is checked with) from that folder's lockfile,
// for `npm run typecheck:card`. `npm ci` deletes node_modules and installs again every time, so it
// runs only when package.json or package-lock.json differ from those of the last install, kept
// in node_modules as a stamp: an unchanged card costs `npm test` nothing.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('../manifests/hubspot/src/app/cards/', import.meta.url));
const stamp = `${dir}node_modules/.crm-pulse-installed`;
const wanted = ['package.json', 'package-lock.json'].map((f) => readFileSync(dir + f, 'utf8')).join('\n');

if (!existsSync(stamp) || readFileSync(stamp, 'utf8') !== wanted) {
  execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--prefix', dir], { stdio: 'inherit' });
  writeFileSync(stamp, wanted);
}
