// Loads a partial policy file (JSON) and resolves it over the defaults; every problem is named
// with the file it came from.
import { readFile } from 'node:fs/promises';
import { PolicyError, resolvePolicy, type Policy } from '../model/index.ts';

export async function loadPolicyFile(path: string | undefined): Promise<Policy> {
  if (!path) return resolvePolicy({});
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new PolicyError([`cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`], path);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new PolicyError([`is not valid JSON: ${(e as Error).message}`], path);
  }
  return resolvePolicy(doc, path);
}
