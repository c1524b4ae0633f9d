// The connection an admin route names in its path: a stored one, or the one the environment
// describes (which has no stored record: its mapping and policy come from files).
import type { Request } from 'express';
import { z } from 'zod';
import { type ConnectionInfo, ConnectionIdSchema } from '../store/index.ts';
import type { HttpDeps } from './deps.ts';
import { HttpError } from './errors.ts';
import { parseInput } from './validate.ts';

export interface KnownConnection {
  id: string;
  /** Null for the environment's connection. */
  stored: ConnectionInfo | null;
}

const Path = z.object({ id: ConnectionIdSchema }).loose();

export async function knownConnection(deps: HttpDeps, req: Request): Promise<KnownConnection> {
  const { id } = parseInput(Path, req.params, 'path');
  const stored = (await deps.store.connections.list()).find((c) => c.id === id) ?? null;
  if (stored || deps.contexts.isEnv(id)) return { id, stored };
  throw new HttpError(404, 'NOT_FOUND', [`no connection ${id}`]);
}

/** Settings of the environment's connection live in files the server does not rewrite. */
export function requireStored(c: KnownConnection, what: string): ConnectionInfo {
  if (c.stored) return c.stored;
  const how = what === 'status' ? 'it runs while a worker runs' : `change its ${what} in the file CRM_PULSE_${what === 'mapping' ? 'MAPPING' : 'POLICY'} names`;
  throw new HttpError(409, 'ENV_CONNECTION', [`connection ${c.id} comes from the environment: ${how}`]);
}
