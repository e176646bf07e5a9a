import { z } from 'zod';

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

/** Turns a zod error into `{ field: [messages] }` for the house error shape. */
export function fieldErrorsOf(error: z.ZodError): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.join('.') : '_';
    (out[key] ??= []).push(issue.message);
  }
  return out;
}
