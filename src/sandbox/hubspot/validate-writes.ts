// Property checks of a write (batch update or create), as HubSpot makes them: every property must
// exist on the object type and take the value; otherwise the whole request fails with HubSpot's
// VALIDATION_ERROR, naming each bad property (PROPERTY_DOESNT_EXIST, INVALID_OPTION, ...).
import type { SandboxAnswer } from '../model.ts';
import { invalid } from './errors.ts';
import { valueProblem, type HsProperty } from './properties.ts';

export function checkWrites(known: readonly HsProperty[], writes: readonly Record<string, string>[]): SandboxAnswer | null {
  const byName = new Map(known.map((p) => [p.name, p]));
  const problems: { isValid: false; message: string; error: string; name: string }[] = [];
  for (const values of writes) {
    for (const [name, value] of Object.entries(values)) {
      const p = byName.get(name);
      if (!p) problems.push({ isValid: false, message: `Property "${name}" does not exist`, error: 'PROPERTY_DOESNT_EXIST', name });
      else {
        const problem = valueProblem(p, value);
        if (problem) problems.push({ isValid: false, message: problem, error: p.readOnly ? 'READ_ONLY_VALUE' : p.type === 'enumeration' ? 'INVALID_OPTION' : 'INVALID_VALUE', name });
      }
    }
  }
  if (problems.length === 0) return null;
  return invalid(`Property values were not valid: ${JSON.stringify(problems.slice(0, 10))}`, { errors: problems.slice(0, 10).map((p) => ({ message: p.message, code: p.error, context: { propertyName: [p.name] } })) });
}
