import { describe, expect, it } from 'vitest';

import type { ReasonCode } from '@/lib/salesmanago/messages';
import { buildAddEventRequest, buildListUsersRequest } from '@/lib/salesmanago/requests';
import { handleSandboxApi } from './api';
import { authenticate } from './auth';
import {
  createMemorySandboxStore,
  MEMORY_STORE_CREDENTIALS as creds,
  MEMORY_STORE_USERS,
} from './memory-store';
import { decode, NOW } from './test-helpers';

/** A signed listByClient body with some auth fields changed (undefined removes one). */
function body(patch: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...buildListUsersRequest(creds, NOW).body, ...patch };
  for (const [k, v] of Object.entries(patch)) if (v === undefined) delete out[k];
  return out;
}

// Each case breaks one thing; the checks run in SALESmanago's order, so the first broken field decides.
const CASES: [string, Record<string, unknown>, string, ReasonCode][] = [
  ['no apiKey', { apiKey: undefined }, 'Api key not specified', 'auth-missing-api-key'],
  ['an empty apiKey', { apiKey: '' }, 'Api key not specified', 'auth-missing-api-key'],
  ['no clientId', { clientId: undefined }, 'Authorization failed. Wrong clientId', 'auth-wrong-client-id'],
  [
    'an unknown clientId',
    { clientId: 'nope' },
    'Authorization failed. Wrong clientId',
    'auth-wrong-client-id',
  ],
  ['no sha', { sha: undefined }, 'Token not specified', 'auth-missing-token'],
  ['a wrong sha', { sha: '0'.repeat(40) }, 'Not authenticated', 'auth-not-authenticated'],
  // The sha signs apiKey + clientId + secret: another apiKey with the old sha no longer matches.
  [
    'another apiKey under the same sha',
    { apiKey: 'other-key' },
    'Not authenticated',
    'auth-not-authenticated',
  ],
  ['no owner', { owner: undefined }, 'Not authenticated, not owner specified', 'owner-missing'],
  [
    'an owner who is not a user',
    { owner: 'stranger@example.com' },
    'Not authenticated, invalid owner',
    'owner-invalid',
  ],
];

describe('authentication (§3.1, §4.2)', () => {
  it.each(CASES)('refuses %s with its SALESmanago message', async (_, patch, message, reason) => {
    const store = createMemorySandboxStore();
    const reply = await handleSandboxApi('/api/user/listByClient', JSON.stringify(body(patch)), store, NOW);
    expect(reply).toEqual({ status: 200, json: { success: false, message: [message] } });
    expect(decode(reply)).toMatchObject({ outcome: 'rejected', reason, messages: [message] });
  });

  it.each(CASES)(
    'refuses an event with %s the same way, storing nothing',
    async (_, patch, message, reason) => {
      const store = createMemorySandboxStore();
      const req = buildAddEventRequest(
        creds,
        { type: 'PURCHASE', email: 'anna@example.com', date: NOW },
        NOW,
      );
      const signed: Record<string, unknown> = { ...req.body, ...patch };
      for (const [k, v] of Object.entries(patch)) if (v === undefined) delete signed[k];
      const reply = await handleSandboxApi(req.path, JSON.stringify(signed), store, NOW);
      expect(reply.json).toEqual({ success: false, message: [message] });
      expect(decode(reply).reason).toBe(reason);
      expect([store.contacts, store.events]).toEqual([[], []]);
    },
  );

  it('checks auth before the event: a wrong sha on an invalid event is still "Not authenticated"', async () => {
    const store = createMemorySandboxStore();
    const req = buildAddEventRequest(creds, { type: 'PURCHASE', email: 'anna@example.com' }, NOW);
    const reply = await handleSandboxApi(
      req.path,
      JSON.stringify({ ...req.body, sha: 'f'.repeat(40), contactEvent: { contactExtEventType: 'nope' } }),
      store,
      NOW,
    );
    expect(decode(reply).reason).toBe('auth-not-authenticated');
    expect(store.contacts).toEqual([]);
  });

  it('accepts a correct signature, an upper-case sha and an owner in any case', async () => {
    const store = createMemorySandboxStore();
    const sha = (buildListUsersRequest(creds, NOW).body.sha as string).toUpperCase();
    const result = await authenticate(body({ sha, owner: 'OWNER@Sandbox.Example.com' }), store);
    expect(result).toMatchObject({
      ok: true,
      account: { clientId: creds.clientId },
      owner: 'OWNER@Sandbox.Example.com',
    });
    const reply = await handleSandboxApi('/api/user/listByClient', JSON.stringify(body({})), store, NOW);
    expect(reply.json).toEqual({ success: true, message: [], users: MEMORY_STORE_USERS });
  });

  it('can skip the owner check for calls that do not need one', async () => {
    const store = createMemorySandboxStore();
    expect(await authenticate(body({ owner: undefined }), store, false)).toMatchObject({
      ok: true,
      owner: '',
    });
    // ...but never the signature.
    expect(await authenticate(body({ owner: undefined, sha: 'x' }), store, false)).toMatchObject({
      ok: false,
    });
  });

  it('ignores non-string auth fields as if they were missing', async () => {
    const store = createMemorySandboxStore();
    const reply = await handleSandboxApi(
      '/api/user/listByClient',
      JSON.stringify(body({ apiKey: 123 })),
      store,
      NOW,
    );
    expect(decode(reply).reason).toBe('auth-missing-api-key');
  });
});
