// zod at the HTTP edge: a body, query or path that does not parse answers 422 (400 for query and
// path) naming every problem; bodies use strict schemas, so an unknown field is a problem too.
import type { z } from 'zod';
import { describeIssues } from '../model/index.ts';
import { HttpError } from './errors.ts';

const INVALID = { body: 'INVALID_BODY', query: 'INVALID_QUERY', path: 'INVALID_PATH' } as const;

export function parseInput<S extends z.ZodType>(schema: S, value: unknown, where: 'body' | 'query' | 'path'): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const status = where === 'body' ? 422 : 400;
  throw new HttpError(status, INVALID[where], describeIssues(parsed.error));
}
