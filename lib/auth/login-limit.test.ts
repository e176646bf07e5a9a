import { createHmac } from 'node:crypto';

import { describe, expect, it } from 'vitest';

import { PG_TEST_TIMEOUT } from '@/db/test-helpers';
import { ENGINES, testOnEngine } from '@/lib/data/test-helpers';
import { RateLimitError } from '@/lib/errors';
import { issueDeviceToken, readDeviceToken } from './device-cookie';
import {
  assertLoginAllowed,
  createLoginLimits,
  LOGIN_BACKOFF,
  loginLimits,
  type LoginAttempt,
} from './login-limit';

const sign = (text: string) => createHmac('sha256', 'test key').update(text).digest('base64url');
const OWNER = 'owner@example.com';
const START = Date.UTC(2026, 0, 1);

/** The wait in seconds the limiter asks for, or 0 when the attempt may go ahead. */
const waitOf = (limits: ReturnType<typeof createLoginLimits>, a: LoginAttempt, now: number) =>
  limits.waitSeconds(a, now);

function trustedBrowser(email: string, now: number): LoginAttempt {
  const device = readDeviceToken(issueDeviceToken(email, now, sign), now, sign);
  expect(device).toEqual({ email, id: expect.any(String) });
  return { email, ip: '198.51.100.7', device };
}

describe.each(ENGINES)('sign-in limits on %s', { timeout: PG_TEST_TIMEOUT }, (kind) => {
  testOnEngine(kind);

  it("an attacker failing from many addresses cannot stop the owner's trusted browser", async () => {
    const limits = createLoginLimits();
    let now = START;
    // A hundred wrong passwords for the owner's account, from a hundred addresses, as fast as allowed.
    for (let i = 0; i < 100; i++) {
      const attacker = { email: OWNER, ip: `203.0.113.${i}` };
      now += (await waitOf(limits, attacker, now)) * 1000;
      await limits.recordFailure(attacker, now);
    }
    // Untrusted attempts on the account must now wait the longest (capped) interval…
    expect(await waitOf(limits, { email: OWNER, ip: '192.0.2.1' }, now)).toBe(
      LOGIN_BACKOFF.account.capMs / 1000,
    );
    // …but the owner's browser with its device cookie goes straight in.
    expect(await waitOf(limits, trustedBrowser(OWNER, now), now)).toBe(0);
  });

  it('slows a fresh browser with growing waits, not a long block', async () => {
    const limits = createLoginLimits();
    const fresh = { email: OWNER, ip: '192.0.2.1' };
    let now = START;
    const waits: number[] = [];
    for (let i = 0; i < 14; i++) {
      now += (await waitOf(limits, fresh, now)) * 1000;
      await limits.recordFailure(fresh, now);
      waits.push(await waitOf(limits, fresh, now));
    }
    expect(waits).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 4, 8, 16]);
    // Never more than the cap, and the right password goes through once the wait is over.
    for (let i = 0; i < 10; i++) await limits.recordFailure(fresh, now);
    expect(await waitOf(limits, fresh, now)).toBe(300); // 2^(24 − 10) s, capped
    expect(await waitOf(limits, fresh, now + 300_000)).toBe(0);
  });

  it('slows one address failing across many accounts, but a trusted browser there still signs in', async () => {
    const limits = createLoginLimits();
    const ip = '192.0.2.99';
    const now = START;
    for (let i = 0; i < 25; i++) await limits.recordFailure({ email: `user${i}@example.com`, ip }, now);
    // No account has failed more than once, yet the address must wait.
    expect(await waitOf(limits, { email: 'someone-else@example.com', ip }, now)).toBeGreaterThan(0);
    // Other addresses are not affected.
    expect(await waitOf(limits, { email: 'someone-else@example.com', ip: '192.0.2.100' }, now)).toBe(0);
    // The owner behind the same address (an office's NAT), in the browser they signed in with before.
    expect(await waitOf(limits, { ...trustedBrowser(OWNER, now), ip }, now)).toBe(0);
  });

  it("a trusted browser's own failures slow only that browser", async () => {
    const limits = createLoginLimits();
    const now = START;
    const guessing = trustedBrowser(OWNER, now);
    for (let i = 0; i < 10; i++) await limits.recordFailure(guessing, now);
    expect(await waitOf(limits, guessing, now)).toBeGreaterThan(0);
    expect(await waitOf(limits, trustedBrowser(OWNER, now), now)).toBe(0);
    expect(await waitOf(limits, { email: OWNER, ip: '192.0.2.1' }, now)).toBe(0);
  });

  it('a success resets the count for the way the browser signed in', async () => {
    const limits = createLoginLimits();
    const fresh = { email: OWNER, ip: '192.0.2.1' };
    for (let i = 0; i < 12; i++) await limits.recordFailure(fresh, START);
    await limits.recordSuccess(fresh);
    expect(await waitOf(limits, { email: OWNER, ip: '192.0.2.2' }, START)).toBe(0);
  });
});

describe('device cookie', () => {
  it('names the account it was issued for', () => {
    const token = issueDeviceToken(OWNER, START, sign);
    expect(readDeviceToken(token, START + 1000, sign)?.email).toBe(OWNER);
  });

  it.each([
    [
      'another key',
      (t: string) => t,
      (text: string) => createHmac('sha256', 'other').update(text).digest('base64url'),
    ],
    [
      'another account',
      (t: string) => t.replace(/^d1\.[^.]+/, `d1.${Buffer.from('eve@example.com').toString('base64url')}`),
      sign,
    ],
    ['an altered MAC', (t: string) => `${t.slice(0, -2)}AA`, sign],
    ['a truncated token', (t: string) => t.split('.').slice(0, 4).join('.'), sign],
  ])('is refused when signed with %s', (_what, alter, verifyWith) => {
    expect(readDeviceToken(alter(issueDeviceToken(OWNER, START, sign)), START, verifyWith)).toBeUndefined();
  });

  it('expires after 180 days and is refused before it was issued', () => {
    const token = issueDeviceToken(OWNER, START, sign);
    expect(readDeviceToken(token, START + 179 * 86_400_000, sign)).toBeDefined();
    expect(readDeviceToken(token, START + 181 * 86_400_000, sign)).toBeUndefined();
    expect(readDeviceToken(token, START - 1, sign)).toBeUndefined();
  });

  it.each([undefined, '', 'garbage', 'd1....', 'x'.repeat(2000)])('refuses %j', (token) => {
    expect(readDeviceToken(token, START, sign)).toBeUndefined();
  });
});

describe.each(ENGINES)('assertLoginAllowed on %s', { timeout: PG_TEST_TIMEOUT }, (kind) => {
  testOnEngine(kind);

  it('answers 429 with the wait in seconds, in plain words', async () => {
    const a = { email: 'assert@example.com', ip: '192.0.2.50' };
    for (let i = 0; i < 12; i++) await loginLimits.recordFailure(a, START);
    await expect(assertLoginAllowed(a, START)).rejects.toThrow(RateLimitError);
    await expect(assertLoginAllowed(a, START)).rejects.toThrow(
      'Too many failed sign-ins. Wait 4 seconds and try again.',
    );
    await expect(assertLoginAllowed(a, START + 4000)).resolves.toBeUndefined();
  });
});
