// The admin API's one way in for a request body. A write (POST, PUT, PATCH, DELETE) must carry a
// body, and it must be JSON said so by `Content-Type: application/json`; anything else is refused
// here, before a handler runs. Handlers so never mistake "nothing readable was sent" for "use the
// defaults" (a form-encoded policy once reached the store as undefined and wiped the policy). The
// parsed JSON then goes through the route's strict zod schema (validate.ts) or settings check.
import express, { type RequestHandler } from 'express';
import { HttpError } from './errors.ts';

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const MISSING = 'the request has no body: send a JSON object with "Content-Type: application/json" ({} asks for the defaults)';

// Read as text, parsed below: an empty body must stay distinguishable from `{}`, which express.json() makes of it.
const readText = express.text({ type: 'application/json', limit: '1mb' });

export const jsonBody: RequestHandler = (req, res, next) => {
  if (!WRITES.has(req.method)) {
    next();
    return;
  }
  // req.is() is null for a request without a body, false for a body of another type; a body of
  // length 0 counts as a body there, and is named as missing here, whatever its type.
  const type = req.is('application/json');
  if (type === null || req.get('content-length') === '0') throw new HttpError(400, 'MISSING_BODY', [MISSING]);
  if (type === false) throw new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', [`the body must be JSON sent with "Content-Type: application/json", not ${req.get('content-type') ?? 'without a Content-Type'}`]);
  readText(req, res, (error?: unknown) => {
    if (error) {
      next(error);
      return;
    }
    const text = typeof req.body === 'string' ? req.body : '';
    if (text.trim() === '') {
      next(new HttpError(400, 'MISSING_BODY', [MISSING]));
      return;
    }
    try {
      req.body = JSON.parse(text);
    } catch {
      next(new HttpError(400, 'INVALID_JSON', ['the body is not valid JSON']));
      return;
    }
    next();
  });
};
