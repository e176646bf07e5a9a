/**
 * Names that are Object.prototype members, where they come from outside (issue 11, item 3): a pasted
 * snippet, SALESmanago's answer, a request body. They are looked up as own keys only, and kept as keys.
 */
import { describe, expect, it } from 'vitest';

import { toCurl } from './curl';
import { matchMessage } from './messages';
import { REDACTED, redactRequestBody } from './requests';
import { findCorruptions } from './snippet-check/repair';

const ENDPOINT = 'https://app3.salesmanago.com';

describe('own keys only', () => {
  it.each(['constructor', 'toString', '__proto__', 'hasOwnProperty'])(
    'a SALESmanago message %j is an unknown message, not a reason',
    (text) => {
      expect(matchMessage(text)).toBeUndefined();
    },
  );

  it('an &constructor; in pasted code is not an HTML entity', () => {
    expect(findCorruptions('var a = "&constructor;&valueOf;&amp;";').map((c) => c.text)).toEqual(['&amp;']);
  });
});

describe('a "__proto__" key stays a key when secrets are masked', () => {
  const body = JSON.parse(
    '{"apiKey":"key-1","sha":"sha-1","apiSecret":"s","__proto__":{"apiKey":"key-2","note":"kept"}}',
  );

  it('in the stored request', () => {
    const redacted = redactRequestBody(body) as Record<string, unknown>;
    expect(Object.getPrototypeOf(redacted)).toBe(Object.prototype);
    expect(JSON.parse(JSON.stringify(redacted))).toEqual({
      apiKey: REDACTED,
      sha: REDACTED,
      ['__proto__']: { apiKey: REDACTED, note: 'kept' },
    });
  });

  it('in the cURL command', () => {
    const curl = toCurl({ url: `${ENDPOINT}/api`, body, includeSecrets: false });
    expect(curl).toContain('"__proto__":{"apiKey":');
    expect(curl).toContain('"note":"kept"');
    expect(curl).not.toContain('key-2');
  });
});
