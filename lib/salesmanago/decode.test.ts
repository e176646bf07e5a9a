import { describe, expect, it } from 'vitest';

import type { TransportResult } from './client';
import { decodeResponse, formatValues, parseRetryAfter } from './decode';
import { describeReason, matchMessage, REASONS, type ReasonCode } from './messages';

function response(
  httpStatus: number,
  body: unknown,
  extra: Partial<Extract<TransportResult, { kind: 'response' }>> = {},
): TransportResult {
  return {
    kind: 'response',
    httpStatus,
    bodyText: typeof body === 'string' ? body : JSON.stringify(body),
    truncated: false,
    durationMs: 12,
    headers: {},
    ...extra,
  };
}
const refused = (message: unknown) => response(200, { success: false, message });

describe('success shapes (§4.1)', () => {
  it('add / update: succeeded with the eventId', () => {
    const answer = decodeResponse(
      response(200, { success: true, message: [], eventId: '3521dc0f-a934-4b6c-bb08-84f2e144047d' }),
    );
    expect(answer).toMatchObject({
      outcome: 'succeeded',
      reason: 'ok',
      eventId: '3521dc0f-a934-4b6c-bb08-84f2e144047d',
      httpStatus: 200,
      messages: [],
    });
    expect(answer.explanation).toContain('3521dc0f-a934-4b6c-bb08-84f2e144047d');
  });

  it('delete: keeps result', () => {
    expect(decodeResponse(response(200, { success: true, message: [], result: 'deleted' }))).toMatchObject({
      outcome: 'succeeded',
      result: 'deleted',
    });
  });

  it('batch: keeps the amounts', () => {
    const answer = decodeResponse(
      response(200, { success: true, message: [], failedContacts: [], createdAmount: 10, failedAmount: 0 }),
    );
    expect(answer).toMatchObject({
      outcome: 'succeeded',
      reason: 'ok',
      createdAmount: 10,
      failedAmount: 0,
      failedContacts: [],
    });
  });

  it('batch with failures: still succeeded (a resend would duplicate the rest) but says so', () => {
    const answer = decodeResponse(
      response(200, {
        success: true,
        message: [],
        failedContacts: [{ email: 'x@y.pl' }],
        createdAmount: 9,
        failedAmount: 1,
      }),
    );
    expect(answer).toMatchObject({ outcome: 'succeeded', reason: 'batch-partly-failed', failedAmount: 1 });
    expect(answer.explanation).toContain('9 added, 1 not added');
  });
});

describe('SALESmanago refusals (HTTP 200, success: false)', () => {
  const known: [string, ReasonCode][] = [
    ['User not authenticated', 'auth-user-not-authenticated'],
    ['Api key not specified', 'auth-missing-api-key'],
    ['Token not specified', 'auth-missing-token'],
    ['Not authorized', 'auth-not-authorized'],
    ['Not authenticated', 'auth-not-authenticated'],
    ['Not authenticated, not owner specified', 'owner-missing'],
    ['Not authenticated, invalid owner', 'owner-invalid'],
    ['Authorization failed. Wrong Token', 'auth-wrong-token'],
    ['Authorization failed. Wrong clientId', 'auth-wrong-client-id'],
    ['Invalid account', 'account-invalid'],
    ['No email specified', 'contact-missing'],
    ['Contact not found', 'contact-not-found'],
    ['Contact does not exist', 'contact-not-found'],
    ['contact not exists', 'contact-not-found'],
    ['Invalid contactExtEventType', 'event-type-invalid'],
    ['Invalid event type: purchase', 'event-type-invalid'],
    ['Event type not allowed', 'event-type-invalid'],
  ];

  it.each(known)('%s → %s, rejected', (message, reason) => {
    const answer = decodeResponse(refused([message]));
    expect(answer).toMatchObject({
      outcome: 'rejected',
      reason,
      messages: [message],
      title: REASONS[reason].title,
      fix: REASONS[reason].fix,
    });
  });

  it('matches case-insensitively and tolerates punctuation', () => {
    expect(decodeResponse(refused(['NOT AUTHENTICATED.'])).reason).toBe('auth-not-authenticated');
    expect(decodeResponse(refused(['authorization failed. wrong token!'])).reason).toBe('auth-wrong-token');
    expect(decodeResponse(refused(['  Not authenticated,invalid owner  '])).reason).toBe('owner-invalid');
    expect(matchMessage('Not authenticated: invalid owner.')).toBe('owner-invalid');
  });

  it('reads message as an array, a string, or an error field', () => {
    expect(decodeResponse(refused('Invalid account')).reason).toBe('account-invalid');
    expect(decodeResponse(response(200, { success: false, error: 'Not authorized' })).reason).toBe(
      'auth-not-authorized',
    );
    expect(decodeResponse(response(200, { error: 'Invalid account' }))).toMatchObject({
      outcome: 'rejected',
      reason: 'account-invalid',
    });
  });

  it('explains a wrong sha in terms of the API secret, with where to find it', () => {
    const answer = decodeResponse(refused(['Authorization failed. Wrong Token']));
    expect(answer.title).toBe('SALESmanago rejected the API secret');
    expect(answer.explanation).toMatch(/API secret or the API key does not/);
    expect(answer.fix).toContain('Settings → Integration → API access');
    expect(decodeResponse(refused(['Not authenticated'])).title).toBe('SALESmanago rejected the credentials');
  });

  it('uses the first known message when there are several', () => {
    const answer = decodeResponse(refused(['Something odd', 'Not authenticated, invalid owner']));
    expect(answer.reason).toBe('owner-invalid');
    expect(answer.messages).toEqual(['Something odd', 'Not authenticated, invalid owner']);
  });

  it('does not mistake other "type" messages for the event type', () => {
    expect(matchMessage('Invalid content type')).toBeUndefined();
    expect(matchMessage('Content type is not valid')).toBeUndefined();
    expect(matchMessage('Type is invalid')).toBe('event-type-invalid');
  });

  it('quotes an unknown message', () => {
    const answer = decodeResponse(refused(['Quota exceeded for today']));
    expect(answer).toMatchObject({ outcome: 'rejected', reason: 'rejected-other' });
    expect(answer.explanation).toBe('SALESmanago refused the request and said: "Quota exceeded for today".');
  });

  it('says so when SALESmanago gives no reason', () => {
    expect(decodeResponse(refused([])).explanation).toBe(
      'SALESmanago refused the request without saying why.',
    );
  });

  it('turns per-field values into readable text', () => {
    const values = { products: ['too long', 'max 512'], 'contactEvent.date': 'must be a number' };
    const answer = decodeResponse(response(200, { success: false, message: [], values }));
    expect(answer).toMatchObject({ outcome: 'rejected', reason: 'validation-failed', values });
    expect(answer.explanation).toContain(
      'Details: products: too long, max 512; contactEvent.date: must be a number.',
    );
    expect(
      decodeResponse(
        response(200, { success: false, message: ['Not authenticated'], values: { sha: 'bad' } }),
      ).explanation,
    ).toContain('Details: sha: bad.');
  });

  it('formats nested and empty values', () => {
    expect(formatValues({ a: null, b: { c: ['x', 'y'] }, d: 3 })).toEqual([
      'a: (no detail)',
      'b: c x, y',
      'd: 3',
    ]);
  });
});

describe('answers that are not a clean success or refusal', () => {
  it('non-JSON on 2xx is transient "malformed"', () => {
    expect(decodeResponse(response(200, '<html>Login</html>'))).toMatchObject({
      outcome: 'transient',
      reason: 'malformed',
      httpStatus: 200,
    });
    expect(decodeResponse(response(200, '[1,2]')).reason).toBe('malformed');
    expect(decodeResponse(response(200, { message: [] })).reason).toBe('malformed');
    expect(decodeResponse(response(200, '{"success":tr', { truncated: true })).explanation).toContain(
      'was cut',
    );
  });

  it('an empty 2xx body is transient "empty-body"', () => {
    expect(decodeResponse(response(200, ''))).toMatchObject({ outcome: 'transient', reason: 'empty-body' });
    expect(decodeResponse(response(204, '  \n'))).toMatchObject({
      outcome: 'transient',
      reason: 'empty-body',
    });
  });

  it('success must be exactly true', () => {
    expect(decodeResponse(response(200, { success: 'true', message: [] })).outcome).not.toBe('succeeded');
    expect(decodeResponse(response(500, { success: true, message: [] })).outcome).toBe('transient');
  });

  it('5xx is transient and carries Retry-After', () => {
    expect(decodeResponse(response(500, '<h1>oops</h1>'))).toMatchObject({
      outcome: 'transient',
      reason: 'http-server-error',
      httpStatus: 500,
    });
    expect(decodeResponse(response(503, '', { headers: { retryAfter: '30' } })).retryAfterMs).toBe(30_000);
  });

  it('429 is transient, and an HTTP-date Retry-After is read against the server Date', () => {
    const answer = decodeResponse(
      response(429, '', {
        headers: { retryAfter: 'Wed, 21 Oct 2026 07:28:30 GMT', date: 'Wed, 21 Oct 2026 07:28:00 GMT' },
      }),
    );
    expect(answer).toMatchObject({ outcome: 'transient', reason: 'http-rate-limited', retryAfterMs: 30_000 });
  });

  it('408 is a transient timeout', () => {
    expect(decodeResponse(response(408, ''))).toMatchObject({ outcome: 'transient', reason: 'timeout' });
  });

  it('other 4xx are rejected; a SALESmanago message wins over the status', () => {
    expect(decodeResponse(response(404, '<h1>Not Found</h1>'))).toMatchObject({
      outcome: 'rejected',
      reason: 'http-not-found',
    });
    expect(decodeResponse(response(401, { success: false, message: ['Not authenticated'] }))).toMatchObject({
      outcome: 'rejected',
      reason: 'auth-not-authenticated',
      httpStatus: 401,
    });
    const other = decodeResponse(response(400, { success: false, message: ['Bad things'] }));
    expect(other).toMatchObject({ outcome: 'rejected', reason: 'http-client-error' });
    expect(other.explanation).toContain('HTTP 400');
    expect(other.explanation).toContain('"Bad things"');
  });

  it('a redirect is rejected and names where it points', () => {
    const answer = decodeResponse(
      response(301, '', { headers: { location: 'https://app3.salesmanago.com/api' } }),
    );
    expect(answer).toMatchObject({ outcome: 'rejected', reason: 'http-redirect' });
    expect(answer.explanation).toContain('https://app3.salesmanago.com/api');
  });
});

describe('transport errors', () => {
  it.each([
    ['timeout', 'transient'],
    ['connection-refused', 'transient'],
    ['connection-reset', 'transient'],
    ['dns', 'transient'],
    ['network', 'transient'],
    ['tls', 'rejected'],
  ] as const)('%s is %s', (error, outcome) => {
    const answer = decodeResponse({
      kind: 'transport-error',
      error,
      message: 'app3.salesmanago.com did not answer.',
      durationMs: 5,
    });
    expect(answer).toMatchObject({ outcome, reason: error, messages: [] });
    expect(answer.httpStatus).toBeUndefined();
    expect(answer.explanation.startsWith('app3.salesmanago.com did not answer.')).toBe(true);
  });
});

describe('REASONS', () => {
  it('gives every reason a title, an explanation and a fix', () => {
    for (const [code, info] of Object.entries(REASONS)) {
      expect(info.title, code).toMatch(/\S/);
      expect(info.explanation, code).toMatch(/[.)]$/);
      expect(info.fix, code).toMatch(/[.)]$/);
    }
    expect(describeReason('timeout')).toMatchObject({ code: 'timeout', retryable: true });
    expect(describeReason('owner-invalid').retryable).toBe(false);
  });

  it('marks exactly the transient reasons as retryable', () => {
    const retryable = Object.entries(REASONS)
      .filter(([, r]) => r.retryable)
      .map(([c]) => c)
      .sort();
    expect(retryable).toEqual(
      [
        'connection-refused',
        'connection-reset',
        'dns',
        'empty-body',
        'http-rate-limited',
        'http-server-error',
        'interrupted',
        'malformed',
        'network',
        'timeout',
      ].sort(),
    );
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and dates, and ignores garbage', () => {
    expect(parseRetryAfter('120', undefined)).toBe(120_000);
    expect(parseRetryAfter('soon', undefined)).toBeUndefined();
    expect(parseRetryAfter(undefined, undefined)).toBeUndefined();
    expect(parseRetryAfter('Wed, 21 Oct 2026 07:28:00 GMT', 'Wed, 21 Oct 2026 07:29:00 GMT')).toBe(0);
  });
});
