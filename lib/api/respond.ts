import 'server-only';
import { ZodError } from 'zod';

import {
  AppError,
  BadRequestError,
  PayloadTooLargeError,
  PossibleDuplicateError,
  RateLimitError,
} from '@/lib/errors';
import { fieldErrorsOf } from '@/lib/validations/common';
import { parseId } from '@/lib/ids';
import { CLOSE_CONNECTION, readStreamCapped } from '@/lib/http/read-body';
import { logError } from '@/lib/log';
import type { Settled } from '@/lib/settled';

export function json<T>(data: T & Settled<T>, init: ResponseInit = {}): Response {
  const headers = new Headers(init.headers);
  headers.set('content-type', 'application/json; charset=utf-8');
  headers.set('cache-control', 'no-store');
  return new Response(JSON.stringify(data), { ...init, headers });
}

/** The house error shape: `{ error: { code, message, fieldErrors? } }`. Never a stack trace. */
export function errorResponse(err: unknown, context = 'api'): Response {
  if (err instanceof AppError) {
    const headers: Record<string, string> = {};
    if (err instanceof RateLimitError) headers['retry-after'] = String(err.retryAfterSeconds);
    // The rest of a refused body is never read, so this connection cannot carry another request.
    if (err instanceof PayloadTooLargeError) Object.assign(headers, CLOSE_CONNECTION);
    return json(
      {
        error: {
          code: err.code,
          message: err.message,
          ...(err.fieldErrors ? { fieldErrors: err.fieldErrors } : {}),
          ...(err instanceof PossibleDuplicateError ? { duplicates: err.duplicates } : {}),
        },
      },
      { status: err.status, headers },
    );
  }
  if (err instanceof ZodError) {
    return json(
      {
        error: {
          code: 'validation_failed',
          message: err.issues[0]?.message ?? 'Invalid input.',
          fieldErrors: fieldErrorsOf(err),
        },
      },
      { status: 422 },
    );
  }
  logError(context, err);
  return json(
    {
      error: {
        code: 'internal_error',
        message: 'Something went wrong on our side. Try again; if it keeps happening, check the server log.',
      },
    },
    { status: 500 },
  );
}

const DEFAULT_MAX_BODY = 256 * 1024;

function tooLarge(maxBytes: number): PayloadTooLargeError {
  return new PayloadTooLargeError(`The request body is larger than ${Math.round(maxBytes / 1024)} KB.`);
}

/**
 * Reads a request body of at most `maxBytes`, whatever its framing (lib/http/read-body.ts): 413 as soon
 * as it passes the limit, without reading the rest.
 */
export async function readBody(req: Request, maxBytes: number): Promise<string> {
  if (Number(req.headers.get('content-length') ?? 0) > maxBytes) throw tooLarge(maxBytes);
  const { bytes, tooLarge: over } = await readStreamCapped(req.body, maxBytes);
  if (over) throw tooLarge(maxBytes);
  return new TextDecoder().decode(bytes);
}

/**
 * Reads a JSON body: 415 unless it is declared as JSON, 413 past the limit, 400 when it is not JSON at
 * all. Requiring the JSON type also keeps HTML forms off the API: a cross-site form can send text/plain
 * or form-encoded bodies without a CORS preflight, never application/json.
 */
export async function readJson(req: Request, maxBytes = DEFAULT_MAX_BODY): Promise<unknown> {
  const type = (req.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') {
    throw new AppError(
      415,
      'unsupported_media_type',
      'Send the request body as JSON, with the header "Content-Type: application/json".',
    );
  }
  const text = await readBody(req, maxBytes);
  if (text.trim() === '') throw new BadRequestError('The request body is empty; send a JSON object.');
  try {
    return JSON.parse(text);
  } catch {
    throw new BadRequestError('The request body is not valid JSON.');
  }
}

type Handler<C> = (req: Request, ctx: C) => Promise<Response> | Response;

/** Wraps a route handler so every thrown error becomes the house error shape. */
export function route<C>(handler: Handler<C>): Handler<C> {
  return async (req, ctx) => {
    try {
      return await handler(req, ctx);
    } catch (err) {
      return errorResponse(err, `${req.method} ${new URL(req.url).pathname}`);
    }
  };
}

/** Parses a numeric path id (decimal digits only, lib/ids.ts); a malformed id is simply "not found". */
export function idParam(value: string): number {
  const n = parseId(value);
  if (n === undefined) throw new AppError(404, 'not_found', 'Not found.');
  return n;
}
