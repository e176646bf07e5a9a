import { describe, expect, it } from 'vitest';

import type { TransportResult } from './client';
import { interpretVerification, type VerificationResult } from './verify';

const NOW = Date.UTC(2026, 10, 27, 12, 0, 0);
const HTTP_DATE = new Date(NOW).toUTCString();
const OWNER = 'Owner@Vendor.pl';

function answer(
  body: unknown,
  opts: { status?: number; date?: string | null; location?: string } = {},
): TransportResult {
  return {
    kind: 'response',
    httpStatus: opts.status ?? 200,
    bodyText: typeof body === 'string' ? body : JSON.stringify(body),
    truncated: false,
    durationMs: 42,
    headers: {
      ...(opts.date !== null && { date: opts.date ?? HTTP_DATE }),
      ...(opts.location && { location: opts.location }),
    },
  };
}

const verify = (result: TransportResult, owner = OWNER, localNow = NOW) =>
  interpretVerification({ result, owner, localNow });
const check = (v: VerificationResult, name: string) => v.checks.find((c) => c.name === name)!;
const refusedWith = (message: string) => answer({ success: false, message: [message] });

describe('all good', () => {
  it('passes every check, in order, and lists the users', () => {
    const v = verify(answer({ success: true, message: [], users: ['admin@vendor.pl', 'owner@vendor.pl'] }));
    expect(v.ok).toBe(true);
    expect(v.checks.map((c) => c.name)).toEqual(['endpoint', 'answer', 'credentials', 'owner', 'clock']);
    expect(v.checks.every((c) => c.ok && c.label && c.message)).toBe(true);
    expect(v.users).toEqual(['admin@vendor.pl', 'owner@vendor.pl']);
    expect(check(v, 'endpoint').message).toBe('Reached in 42 ms (HTTP 200).');
  });

  it('accepts users given as objects with an email', () => {
    const v = verify(
      answer({ success: true, message: [], users: [{ email: 'owner@vendor.pl', name: 'O' }, { id: 1 }, 7] }),
    );
    expect(v.users).toEqual(['owner@vendor.pl']);
    expect(check(v, 'owner').ok).toBe(true);
  });
});

describe('endpoint', () => {
  it('fails when nothing answered and skips the rest', () => {
    const v = verify({
      kind: 'transport-error',
      error: 'connection-refused',
      message: 'app9.salesmanago.com refused the connection.',
      durationMs: 3,
    });
    expect(v.ok).toBe(false);
    expect(check(v, 'endpoint')).toMatchObject({ ok: false });
    expect(check(v, 'endpoint').message).toMatch(
      /^app9\.salesmanago\.com refused the connection\. The console's server cannot reach SALESmanago/,
    );
    for (const name of ['answer', 'credentials', 'owner', 'clock']) {
      expect(check(v, name)).toMatchObject({
        ok: false,
        notChecked: true,
        message: 'Not checked because the endpoint could not be reached.',
      });
    }
    expect(v.users).toEqual([]);
  });
});

describe('an unreachable host', () => {
  it.each(['dns', 'connection-refused', 'tls', 'network'] as const)(
    'after %s, says what to ask IT, not to type the endpoint again',
    (error) => {
      const v = verify({ kind: 'transport-error', error, message: 'x.example.com failed.', durationMs: 3 });
      const message = check(v, 'endpoint').message;
      expect(message).toContain("The console's server cannot reach SALESmanago");
      expect(message).toContain('ask your IT team');
      expect(message).not.toMatch(/typo|Set the endpoint/);
    },
  );

  it('a check that ran is never marked as not checked', () => {
    const v = verify({
      kind: 'transport-error',
      error: 'dns',
      message: 'x.example.com could not be found.',
      durationMs: 3,
    });
    expect(check(v, 'endpoint').notChecked).toBeUndefined();
  });
});

describe('answer', () => {
  it.each([
    ['an HTML page', answer('<html>Login</html>'), /HTTP 200 with a web page/],
    ['an empty body', answer(''), /with an empty answer/],
    ['JSON of another shape', answer({ ok: true }), /JSON of another shape/],
    ['a 404', answer('Not found', { status: 404 }), /no SALESmanago API \(HTTP 404\)/],
    ['a 500', answer('<h1>oops</h1>', { status: 500 }), /server error \(HTTP 500\)\. Try Verify again/],
    ['a 429', answer('', { status: 429 }), /slow down/],
    [
      'a redirect',
      answer('', { status: 301, location: 'https://app3.salesmanago.com/' }),
      /redirects to https:\/\/app3\.salesmanago\.com\//,
    ],
  ])('fails for %s', (_, result, message) => {
    const v = verify(result);
    expect(check(v, 'endpoint').ok).toBe(true);
    expect(check(v, 'answer').ok).toBe(false);
    expect(check(v, 'answer').message).toMatch(message);
    expect(check(v, 'credentials').message).toBe(
      'Not checked because the endpoint did not answer like SALESmanago.',
    );
  });

  it('accepts a SALESmanago-shaped refusal on a non-200 status', () => {
    const v = verify(answer({ success: false, message: 'Not authenticated' }, { status: 401 }));
    expect(check(v, 'answer').ok).toBe(true);
    expect(check(v, 'credentials').ok).toBe(false);
  });
});

describe('credentials', () => {
  it('names the API secret / sha for a wrong token', () => {
    const v = verify(refusedWith('Authorization failed. Wrong Token'));
    const c = check(v, 'credentials');
    expect(c.ok).toBe(false);
    expect(c.message).toMatch(/rejected the API secret/);
    expect(c.message).toMatch(/sha/);
    expect(c.message).toContain('Settings → Integration → API access');
    expect(check(v, 'owner').message).toBe('Not checked because SALESmanago did not accept the credentials.');
    expect(check(v, 'clock').ok).toBe(false);
  });

  it('reads plain "Not authenticated" as the secret, and mentions an inactive account', () => {
    const c = check(verify(refusedWith('Not authenticated')), 'credentials');
    expect(c.message).toMatch(/API secret/);
    expect(c.message).toMatch(/inactive/);
  });

  it('names the client ID for a wrong clientId', () => {
    const c = check(verify(refusedWith('Authorization failed. Wrong clientId')), 'credentials');
    expect(c).toMatchObject({ ok: false });
    expect(c.message).toMatch(/does not know this client ID/);
    expect(c.message).toContain('"Authorization failed. Wrong clientId"');
  });

  it('names the API key when it is missing', () => {
    expect(check(verify(refusedWith('Api key not specified')), 'credentials').message).toMatch(
      /^The API key is missing/,
    );
  });

  it('quotes a message it does not know', () => {
    expect(check(verify(refusedWith('Account blocked by admin')), 'credentials').message).toMatch(
      /^SALESmanago refused the credentials \(SALESmanago said: "Account blocked by admin"\)/,
    );
  });

  it('adds a far-off clock to a credentials failure, since it can be the cause', () => {
    const v = verify(
      answer(
        { success: false, message: ['Not authenticated'] },
        { date: new Date(NOW - 20 * 60_000).toUTCString() },
      ),
    );
    expect(check(v, 'credentials').message).toMatch(/Also: This server's clock is 20 minutes off/);
  });
});

describe('owner', () => {
  it('matches case-insensitively', () => {
    expect(
      check(verify(answer({ success: true, message: [], users: ['owner@vendor.pl'] })), 'owner').ok,
    ).toBe(true);
  });

  it('fails with the choices when the owner is not a user', () => {
    const v = verify(answer({ success: true, message: [], users: ['a@vendor.pl', 'b@vendor.pl'] }));
    const o = check(v, 'owner');
    expect(o.ok).toBe(false);
    expect(o.message).toBe(
      'The owner Owner@Vendor.pl is not a user of this SALESmanago account. Choose one of: a@vendor.pl, b@vendor.pl.',
    );
    expect(check(v, 'clock').message).toBe('Not checked because the owner was not confirmed.');
    expect(v.users).toEqual(['a@vendor.pl', 'b@vendor.pl']);
  });

  it('fails naming the owner when SALESmanago refuses it', () => {
    const v = verify(refusedWith('Not authenticated, invalid owner'));
    expect(check(v, 'credentials').ok).toBe(true);
    expect(check(v, 'owner')).toMatchObject({ ok: false });
    expect(check(v, 'owner').message).toMatch(
      /^SALESmanago refused the owner Owner@Vendor\.pl: it is not a user of this account\./,
    );
  });

  it('asks for an owner when none was sent', () => {
    expect(check(verify(refusedWith('Not authenticated, not owner specified'), ''), 'owner').message).toMatch(
      /^No owner was given/,
    );
  });

  it('cannot confirm an owner when no users are listed', () => {
    expect(check(verify(answer({ success: true, message: [] })), 'owner')).toMatchObject({ ok: false });
  });
});

describe('clock', () => {
  const ok = { success: true, message: [], users: ['owner@vendor.pl'] };

  it('passes within 5 minutes either way', () => {
    expect(check(verify(answer(ok, { date: new Date(NOW - 5 * 60_000).toUTCString() })), 'clock').ok).toBe(
      true,
    );
    expect(check(verify(answer(ok, { date: new Date(NOW + 4 * 60_000).toUTCString() })), 'clock').ok).toBe(
      true,
    );
  });

  it('fails beyond 5 minutes and says how far off', () => {
    const ahead = check(verify(answer(ok, { date: new Date(NOW - 7 * 60_000).toUTCString() })), 'clock');
    expect(ahead.ok).toBe(false);
    expect(ahead.message).toMatch(/^This server's clock is 7 minutes off \(ahead of SALESmanago's\)/);
    const behind = check(verify(answer(ok, { date: new Date(NOW + 90 * 60_000).toUTCString() })), 'clock');
    expect(behind.message).toMatch(/clock is 90 minutes off \(behind SALESmanago's\)/);
  });

  it('is ok with a note when there is no usable Date header', () => {
    const none = verify(answer(ok, { date: null }));
    expect(none.ok).toBe(true);
    expect(check(none, 'clock').message).toMatch(/no Date header/);
    expect(check(verify(answer(ok, { date: 'yesterday-ish' })), 'clock')).toMatchObject({ ok: true });
  });
});
