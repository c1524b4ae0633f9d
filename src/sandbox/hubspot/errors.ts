// HubSpot's error answers (the `Error` schema every spec shares: status, message, correlationId,
// category, optional context and errors), so the connector's classify.ts reads them as it reads
// HubSpot's own.
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { SandboxAnswer } from '../model.ts';

export function hsError(status: number, category: string, message: string, extra: Record<string, unknown> = {}): SandboxAnswer {
  return { status, body: { status: 'error', message, correlationId: randomUUID(), category, ...extra } };
}

export const invalid = (message: string, extra: Record<string, unknown> = {}): SandboxAnswer => hsError(400, 'VALIDATION_ERROR', message, extra);

/** A request body that does not follow the spec's schema: 400 with every problem named. */
export function badBody(error: z.ZodError): SandboxAnswer {
  const errors = error.issues.map((i) => ({ message: `${i.path.join('.') || 'body'}: ${i.message}`, code: 'INVALID_INPUT' }));
  return invalid(`Invalid input JSON on line 1: ${errors.map((e) => e.message).join('; ')}`, { errors });
}

export const notFound = (message: string): SandboxAnswer => hsError(404, 'OBJECT_NOT_FOUND', message);
