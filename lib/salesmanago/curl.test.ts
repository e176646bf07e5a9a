import { execFileSync } from 'node:child_process';

import { describe, expect, it } from 'vitest';

import { computeSha } from './auth';
import { CURL_SECRET_VARIABLES, shellQuote, toCurl } from './curl';
import { redactRequestBody } from './requests';

const nasty = `It's "Super" \\ $HOME \`id\` $(id) ' '' end\nline two ąę 🛒 %s`;
const body = {
  clientId: 'client-1',
  apiKey: 'key-1',
  requestTime: 1700000000000,
  sha: 'abc123',
  owner: 'o@example.com',
  email: "o'brien@example.com",
  contactEvent: { date: 1700000000000, contactExtEventType: 'PURCHASE', description: nasty },
};
const url = 'https://app3.salesmanago.com/api/v2/contact/addContactExtEvent';

// A minimal environment, so the caller's own SM_* variables cannot leak into the result. (Next's types make
// NODE_ENV required in ProcessEnv, hence the cast.)
const shEnv = (extra: Record<string, string> = {}) =>
  ({ PATH: process.env.PATH ?? '/usr/bin:/bin', ...extra }) as unknown as NodeJS.ProcessEnv;

// Runs the generated command in sh with `curl` replaced by a function that prints its arguments one per
// NUL-terminated record, so the test sees exactly what curl would receive, with no network involved.
function runInSh(command: string, env: Record<string, string> = {}): string[] {
  const script = `curl() { for a in "$@"; do printf '%s\\0' "$a"; done; }\n${command}\n`;
  const out = execFileSync('sh', ['-c', script], {
    env: shEnv(env),
    encoding: 'utf8',
  });
  return out.split('\0').slice(0, -1);
}

function dataOf(args: string[]): unknown {
  const i = args.indexOf('--data-raw');
  expect(i).toBeGreaterThan(-1);
  return JSON.parse(args[i + 1]!);
}

describe('shellQuote', () => {
  it('survives sh for every special character', () => {
    const text = `a'b"c\\d$e\`f\ng`;
    expect(runInSh(`curl ${shellQuote(text)}`)).toEqual([text]);
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
  });
});

describe('toCurl with secrets', () => {
  it('POSTs the exact body with the SALESmanago headers', () => {
    const command = toCurl({ url, body, includeSecrets: true });
    const args = runInSh(command);
    expect(args.slice(0, 4)).toEqual(['-sS', '-X', 'POST', url]);
    expect(args).toContain('Accept: application/json, application/json');
    expect(args).toContain('Content-Type: application/json;charset=UTF-8');
    expect(dataOf(args)).toEqual(body);
    expect(command).not.toMatch(/^#/);
  });
});

describe('toCurl without secrets', () => {
  const command = toCurl({ url, body: { ...body, apiSecret: 'never' }, includeSecrets: false });

  it('contains neither the API key, the sha nor the secret', () => {
    expect(command).not.toContain('key-1');
    expect(command).not.toContain('abc123');
    expect(command).not.toContain('never');
    expect(command).toContain(`$${CURL_SECRET_VARIABLES.apiKey}`);
    expect(command).toContain(`$${CURL_SECRET_VARIABLES.sha}`);
  });

  it('starts with comments explaining how to compute the sha', () => {
    const comments = command.split('\n').filter((l) => l.startsWith('#'));
    expect(comments.join('\n')).toMatch(/SHA-1 of apiKey \+ clientId \+ apiSecret/);
    expect(comments.join('\n')).toContain("'client-1'");
    expect(command.split('\n')[0]).toMatch(/^# /);
  });

  it('fills in exported variables, the rest of the body intact', () => {
    const args = runInSh(command, { SM_API_KEY: 'real-key', SM_SHA: 'real-sha' });
    expect(dataOf(args)).toEqual({ ...body, apiKey: 'real-key', sha: 'real-sha' });
  });

  it('the sha recipe in the comment computes the real sha', () => {
    const recipe = command
      .split('\n')
      .find((l) => l.includes(`export ${CURL_SECRET_VARIABLES.sha}=`))!
      .replace(/^#\s+/, '');
    const script = `${recipe}\nprintf '%s' "$SM_SHA"`;
    const out = execFileSync('sh', ['-c', script], {
      env: shEnv({ SM_API_KEY: 'key-1', SM_API_SECRET: 's3' }),
      encoding: 'utf8',
    });
    expect(out).toBe(computeSha('key-1', 'client-1', 's3'));
  });

  it('masks nested secrets too (batch bodies)', () => {
    const nested = toCurl({
      url,
      body: { events: [{ apiKey: 'inner-key', sha: 'inner-sha' }] },
      includeSecrets: false,
    });
    expect(nested).not.toContain('inner-key');
    expect(nested).not.toContain('inner-sha');
    expect(dataOf(runInSh(nested, { SM_API_KEY: 'k', SM_SHA: 's' }))).toEqual({
      events: [{ apiKey: 'k', sha: 's' }],
    });
  });

  it('keeps an already redacted body safe', () => {
    const redacted = toCurl({ url, body: redactRequestBody(body), includeSecrets: false });
    expect(dataOf(runInSh(redacted, { SM_API_KEY: 'k', SM_SHA: 's' }))).toMatchObject({
      apiKey: 'k',
      sha: 's',
    });
  });

  it('cannot be broken out of by a client ID with a newline', () => {
    const evil = toCurl({
      url,
      body: { clientId: "x'\ntouch /tmp/pwned-by-curl-test\n#" },
      includeSecrets: false,
    });
    expect(
      evil
        .split('\n')
        .filter((l) => !l.startsWith('#') && !l.startsWith(' '))
        .every((l) => l.startsWith('curl')),
    ).toBe(true);
  });
});
