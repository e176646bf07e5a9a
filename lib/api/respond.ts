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
import { logError } from '@/lib/log';

export function json(data: unknown, init: ResponseInit = {}): Response {
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

/** Reads a JSON body: 413 past the limit, 400 when it is not JSON at all. */
export async function readJson(req: Request, maxBytes = DEFAULT_MAX_BODY): Promise<unknown> {
  const declared = Number(req.headers.get('content-length') ?? 0);
  if (declared > maxBytes)
    throw new PayloadTooLargeError(`The request body is larger than ${Math.round(maxBytes / 1024)} KB.`);
  const text = await req.text();
  if (Buffer.byteLength(text) > maxBytes) {
    throw new PayloadTooLargeError(`The request body is larger than ${Math.round(maxBytes / 1024)} KB.`);
  }
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

/** Parses a numeric path id; a malformed id is simply "not found". */
export function idParam(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n <= 0) throw new AppError(404, 'not_found', 'Not found.');
  return n;
}
