import { describe, expect, it } from 'vitest';

import { credentialsVerdict, isCredentialsRefusal } from './credentials';

const check = (name: string, ok: boolean, notChecked?: true) => ({
  name,
  ok,
  message: `${name} ${ok ? 'passed' : 'failed'}`,
  ...(notChecked ? { notChecked } : {}),
});

describe('credentials refusals', () => {
  it('are every auth-*, owner-* and account-invalid reason, and nothing else', () => {
    for (const r of [
      'auth-wrong-token',
      'auth-not-authenticated',
      'owner-invalid',
      'owner-missing',
      'account-invalid',
    ])
      expect(isCredentialsRefusal(r), r).toBe(true);
    for (const r of ['contact-not-found', 'http-server-error', 'timeout', 'auth-made-up', null, undefined])
      expect(isCredentialsRefusal(r), String(r)).toBe(false);
  });
});

describe('what a verification says of the credentials', () => {
  it('accepted when the credentials and the owner passed, even with a clock warning', () => {
    const checks = [
      check('endpoint', true),
      check('answer', true),
      check('credentials', true),
      check('owner', true),
      check('clock', false),
    ];
    expect(credentialsVerdict({ checks })).toEqual({ kind: 'accepted' });
  });

  it('refused with the decoded reason, or a fallback for the check that failed', () => {
    const wrongSecret = [check('credentials', false), check('owner', false, true)];
    expect(credentialsVerdict({ checks: wrongSecret, reason: 'auth-wrong-token' })).toMatchObject({
      kind: 'refused',
      reason: 'auth-wrong-token',
    });
    expect(credentialsVerdict({ checks: wrongSecret })).toMatchObject({ reason: 'auth-not-authenticated' });
    const owner = [check('credentials', true), check('owner', false)];
    expect(credentialsVerdict({ checks: owner })).toMatchObject({ kind: 'refused', reason: 'owner-invalid' });
    // A reason that is not about the credentials does not name the incident.
    expect(credentialsVerdict({ checks: owner, reason: 'contact-not-found' })).toMatchObject({
      reason: 'owner-invalid',
    });
  });

  it('inconclusive when SALESmanago could not be reached, so the checks never ran', () => {
    const checks = [
      check('endpoint', false),
      check('answer', false, true),
      check('credentials', false, true),
      check('owner', false, true),
    ];
    expect(credentialsVerdict({ checks })).toEqual({ kind: 'inconclusive' });
  });
});
