// A mapping or policy an admin sends, checked the one way both the saving routes
// (admin-settings.ts) and the previews (admin-impact.ts) check it, so a draft the preview takes is
// one PUT takes, and a refused one is refused with the same problems, by path.
import { mappingProblems, MappingSchema, type Mapping } from '../connectors/index.ts';
import { describeIssues, PolicyError, resolvePolicy, type Policy } from '../model/index.ts';
import type { ConnectionContext } from '../sync/index.ts';
import { HttpError } from './errors.ts';

/** The mapping, checked against the CRM's live fields (read through the connector, kept between runs); 422 BAD_MAPPING naming each problem. */
export async function checkedMapping(ctx: ConnectionContext, body: unknown): Promise<Mapping> {
  const parsed = MappingSchema.safeParse(body);
  if (!parsed.success) throw new HttpError(422, 'BAD_MAPPING', describeIssues(parsed.error));
  const problems = mappingProblems(parsed.data, await ctx.connector.accountFields(), `the CRM's ${ctx.kind === 'hubspot' ? 'HubSpot companies' : 'accounts'}`);
  if (problems.length > 0) throw new HttpError(422, 'BAD_MAPPING', problems);
  return parsed.data;
}

/** The partial policy merged over the defaults and validated; 422 BAD_POLICY naming each problem. */
export function checkedPolicy(partial: unknown): Policy {
  try {
    return resolvePolicy(partial, 'policy');
  } catch (error) {
    if (error instanceof PolicyError) throw new HttpError(422, 'BAD_POLICY', error.problems);
    throw error;
  }
}
