import { describe, expect, it } from 'vitest';

import { createIntegrationSchema } from './integration';

function errorsOf(input: unknown): Record<string, string[]> {
  const r = createIntegrationSchema.safeParse(input);
  if (r.success) return {};
  const out: Record<string, string[]> = {};
  for (const i of r.error.issues) (out[i.path.join('.')] ??= []).push(i.message);
  return out;
}

describe('createIntegrationSchema', () => {
  it('an empty required field says only what is missing, in one message', () => {
    const errors = errorsOf({ name: '', endpoint: '', clientId: '', owner: '', apiKey: '', apiSecret: '' });
    expect(errors.clientId).toEqual([
      'Client ID is required: find it in SALESmanago under Settings → Integration → API access.',
    ]);
    expect(errors.apiKey).toEqual(['API key is required.']);
    expect(errors.apiSecret).toEqual(['API secret is required.']);
    for (const messages of Object.values(errors)) expect(messages).toHaveLength(1);
  });

  it('a filled field with a bad format still says what is wrong with it', () => {
    const errors = errorsOf({ clientId: 'a b', apiKey: 'with space' });
    expect(errors.clientId?.[0]).toMatch(/can only contain letters/);
    expect(errors.apiKey?.[0]).toMatch(/cannot contain spaces/);
  });
});
