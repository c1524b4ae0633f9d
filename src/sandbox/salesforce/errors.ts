// Salesforce's REST error answers: an array of {message, errorCode} (fields when a field is to
// blame), https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/errorcodes.htm
import type { z } from 'zod';
import type { SandboxAnswer } from '../model.ts';

export const sfError = (status: number, errorCode: string, message: string, fields?: string[]): SandboxAnswer => ({ status, body: [{ message, errorCode, ...(fields ? { fields } : {}) }] });

/** A body that does not follow the resource's shape: JSON_PARSER_ERROR, every problem named. */
export const badBody = (error: z.ZodError): SandboxAnswer => sfError(400, 'JSON_PARSER_ERROR', error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
