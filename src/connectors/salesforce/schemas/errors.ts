// Salesforce error bodies, read leniently: the REST API answers a list of
// `{ errorCode, message, fields }`, the OAuth endpoints `{ error, error_description }`, and a
// proxy or a dead instance may answer HTML. Whatever came, classify.ts gets a code and a message.
import { z } from 'zod';

// https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/errorcodes.htm
const RestErrorSchema = z.object({ errorCode: z.string().nullish(), message: z.string().nullish(), fields: z.array(z.string()).nullish() });
const OAuthErrorSchema = z.object({ error: z.string(), error_description: z.string().nullish() });

export interface ErrorBody {
  /** e.g. REQUEST_LIMIT_EXCEEDED, INVALID_FIELD, invalid_grant; null when the body names none. */
  code: string | null;
  message: string | null;
}

export function parseErrorBody(body: unknown): ErrorBody {
  const list = z.array(RestErrorSchema).min(1).safeParse(body);
  if (list.success) {
    const first = list.data[0]!;
    const message = list.data.map((e) => e.message).filter(Boolean).join('; ');
    return { code: first.errorCode ?? null, message: message || null };
  }
  const single = RestErrorSchema.safeParse(body);
  if (single.success && (single.data.errorCode || single.data.message)) return { code: single.data.errorCode ?? null, message: single.data.message ?? null };
  const oauth = OAuthErrorSchema.safeParse(body);
  if (oauth.success) return { code: oauth.data.error, message: oauth.data.error_description ?? null };
  return { code: null, message: null };
}
