import { z } from 'zod';

import { credential } from './integration';

/** A new API secret for the sandbox account: written like an integration's (printable, no spaces). */
export const sandboxSecretSchema = z.strictObject({ apiSecret: credential('API secret') });
export type SandboxSecretInput = z.infer<typeof sandboxSecretSchema>;
