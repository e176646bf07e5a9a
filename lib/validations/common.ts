import { z } from 'zod';

// Characters that are not text a person can read in a name: control characters, bidi embeddings,
// overrides and isolates (U+202E turns "txt.exe" into "exe.txt" on screen) and lone surrogates (stored
// as U+FFFD otherwise).
const UNREADABLE = /[\p{Cc}\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]|\p{Cs}/u;
// Shown as nothing: whitespace, format characters (zero-width space, joiners, BOM, soft hyphen…) and
// the blank-looking Hangul and Braille fillers.
const LOOKS_EMPTY = /^[\s\p{Cf}\p{Z}\u115F\u1160\u3164\uFFA0\u2800]*$/u;

/**
 * A name shown to people (integrations, users, tokens, templates, uploaded files): trimmed, at most
 * `max` characters, with no control or direction-changing characters, and not made only of characters
 * that look like nothing. `required` is the message for a missing name; without it, "" means no name.
 */
export const displayName = (opts: { label: string; max: number; required?: string }) =>
  z
    .string({ error: opts.required ?? `${opts.label} must be text.` })
    .trim()
    .max(opts.max, { error: `${opts.label} can be at most ${opts.max} characters.` })
    .superRefine((value, ctx) => {
      if (UNREADABLE.test(value)) {
        ctx.addIssue({
          code: 'custom',
          message: `${opts.label} cannot contain control characters or characters that change the text direction.`,
        });
      } else if (value === '' ? opts.required : LOOKS_EMPTY.test(value)) {
        ctx.addIssue({
          code: 'custom',
          message:
            value === ''
              ? opts.required!
              : `${opts.label} looks empty: use letters, digits or signs people can see.`,
        });
      }
    });

export const email = (label = 'Email') =>
  z
    .string({ error: `${label} is required.` })
    .trim()
    .min(1, { error: `${label} is required.` })
    .max(254, { error: `${label} can be at most 254 characters.` })
    .pipe(z.email({ error: `${label} must be a valid email address, like name@example.com.` }))
    .transform((v) => v.toLowerCase());

export const password = z
  .string({ error: 'Password is required.' })
  .min(10, { error: 'Use at least 10 characters for the password.' })
  .max(200, { error: 'The password can be at most 200 characters.' });

/**
 * An empty `{ field: [messages] }` map. Without a prototype, because keys can come from a request body
 * (an unknown key is listed under its own name): on a plain `{}`, "constructor" or "toString" would
 * find Object.prototype's member, and "__proto__" would replace the prototype instead of adding a key.
 */
export function emptyFieldErrors(): Record<string, string[]> {
  return Object.create(null) as Record<string, string[]>;
}

export function addFieldError(errors: Record<string, string[]>, key: string, message: string): void {
  (errors[key] ??= []).push(message);
}

/** Turns a zod error into `{ field: [messages] }` for the house error shape. */
export function fieldErrorsOf(error: z.ZodError): Record<string, string[]> {
  const out = emptyFieldErrors();
  for (const issue of error.issues) {
    addFieldError(out, issue.path.length ? issue.path.join('.') : '_', issue.message);
  }
  return out;
}
