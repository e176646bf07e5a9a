/**
 * Typed errors thrown by lib/data and the request guards; route handlers turn them into the house
 * error shape `{ error: { code, message, fieldErrors? } }` (lib/api/respond.ts).
 */
export type FieldErrors = Record<string, string[]>;

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fieldErrors?: FieldErrors,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class BadRequestError extends AppError {
  constructor(message: string) {
    super(400, 'bad_request', message);
  }
}
export class UnauthorizedError extends AppError {
  constructor(message = 'Sign in to continue.') {
    super(401, 'unauthorized', message);
  }
}
export class ForbiddenError extends AppError {
  constructor(message = 'Your role does not allow this.') {
    super(403, 'forbidden', message);
  }
}
export class NotFoundError extends AppError {
  constructor(message = 'Not found.') {
    super(404, 'not_found', message);
  }
}
export class ConflictError extends AppError {
  constructor(message: string, fieldErrors?: FieldErrors) {
    super(409, 'conflict', message, fieldErrors);
  }
}

/**
 * A credential check whose verdict speaks of credentials that were edited while it ran: it is not
 * recorded (lib/data/integrations.ts saveVerification); the new credentials need a check of their own.
 */
export class CredentialsChangedError extends ConflictError {
  constructor() {
    super('The credentials were changed while they were being checked. Verify again to check the new ones.');
  }
}

/** The duplicate guard: the same event may already have been sent; resend with confirmation to go on. */
export class PossibleDuplicateError extends AppError {
  constructor(
    message: string,
    readonly duplicates: Array<{ id: number; createdAt: number; status: string; why: string }>,
  ) {
    super(409, 'possible_duplicate', message);
  }
}
export class PayloadTooLargeError extends AppError {
  constructor(message = 'The request body is too large.') {
    super(413, 'payload_too_large', message);
  }
}
export class ValidationError extends AppError {
  constructor(message: string, fieldErrors: FieldErrors = {}) {
    super(422, 'validation_failed', message, fieldErrors);
  }
}
export class RateLimitError extends AppError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(429, 'rate_limited', message);
  }
}
