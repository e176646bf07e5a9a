import type { z } from 'zod';

import { ValidationError } from '@/lib/errors';
import { fieldErrorsOf } from './common';

/** Parses with a shared schema and throws the house ValidationError (422) with field errors. */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fieldErrors = fieldErrorsOf(result.error);
  const first = result.error.issues[0]?.message ?? 'The input is not valid.';
  const count = result.error.issues.length;
  throw new ValidationError(
    count > 1 ? `${first} (and ${count - 1} more problem${count > 2 ? 's' : ''})` : first,
    fieldErrors,
  );
}
