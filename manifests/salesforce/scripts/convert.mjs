// Converts the SFDX project to Metadata API format with the Salesforce CLI (`sf project convert
// source`): everything under force-app must convert without an error or a warning, and the
// components it holds must be exactly those manifest/package.xml names (what the README's deploy
// command sends), so a file left out of package.xml, or a member with no file, fails here rather
// than in an admin's deploy. sf runs offline: no telemetry, update check or log file.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const project = fileURLToPath(new URL('..', import.meta.url));
const sf = join(project, 'node_modules', '.bin', 'sf');
const env = {
  ...process.env,
  SF_DISABLE_TELEMETRY: 'true',
  SF_AUTOUPDATE_DISABLE: 'true',
  SF_SKIP_NEW_VERSION_CHECK: 'true',
  SF_HIDE_RELEASE_NOTES: 'true',
  SF_DISABLE_LOG_FILE: 'true',
  SF_USE_PROGRESS_BAR: 'false',
};

/** `type -> sorted members` of a package.xml; folders are written `Name/` by the converter. */
function members(packageXml) {
  const out = {};
  for (const [, body] of packageXml.matchAll(/<types>([\s\S]*?)<\/types>/g)) {
    const name = /<name>([^<]+)<\/name>/.exec(body)[1];
    out[name] = [...body.matchAll(/<members>([^<]+)<\/members>/g)].map((m) => m[1].replace(/\/$/, '')).sort();
  }
  return out;
}

function convert(what, args, out) {
  let answer;
  try {
    answer = execFileSync(sf, ['project', 'convert', 'source', ...args, '--output-dir', out, '--json'], { cwd: project, env, encoding: 'utf8' });
  } catch (error) {
    answer = error.stdout || String(error);
  }
  const result = JSON.parse(answer);
  if (result.status !== 0 || result.warnings?.length) {
    throw new Error(`sf project convert source (${what}) failed:\n${JSON.stringify(result, null, 2)}`);
  }
  return members(readFileSync(join(out, 'package.xml'), 'utf8'));
}

const work = mkdtempSync(join(tmpdir(), 'crm-pulse-sf-convert-'));
try {
  const started = Date.now();
  const all = convert('force-app', ['--source-dir', 'force-app'], join(work, 'all'));
  const declared = members(readFileSync(join(project, 'manifest', 'package.xml'), 'utf8'));
  const problems = [];
  for (const type of new Set([...Object.keys(all), ...Object.keys(declared)])) {
    const inSource = JSON.stringify(all[type] ?? []);
    const named = JSON.stringify(declared[type] ?? []);
    if (named !== inSource) problems.push(`${type}: force-app has ${inSource}, package.xml names ${named}`);
  }
  if (problems.length) throw new Error(`manifest/package.xml and force-app differ:\n  ${problems.join('\n  ')}`);
  const count = Object.values(all).reduce((n, m) => n + m.length, 0);
  console.log(`sf project convert source: ${count} components in ${Object.keys(all).length} types convert cleanly, package.xml names them all (${((Date.now() - started) / 1000).toFixed(1)} s)`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
