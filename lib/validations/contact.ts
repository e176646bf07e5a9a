import { z } from 'zod';

/**
 * A contact as the history stores it: the event's contact ID, else its email, exactly as sent. Taken from
 * a path segment or a search box, so only length and readability are checked.
 */
export const contactKeySchema = z
  .string({ error: 'Enter an email or a contact ID.' })
  .trim()
  .min(1, { error: 'Enter an email or a contact ID.' })
  .max(254, { error: 'An email or contact ID is at most 254 characters.' })
  .refine((v) => !/\p{Cc}/u.test(v), { error: 'An email or contact ID cannot contain control characters.' });
