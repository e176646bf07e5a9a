import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { PG_TEST_TIMEOUT } from '@/db/test-helpers';
import { ValidationError } from '@/lib/errors';
import { getInstallation, recordCodeSeen } from './installation';
import { recordSandboxVisit } from './sandbox';
import { checkIntegrationSnippet } from '@/lib/integrations/snippet-check';
import { getSnippet, getSnippetOptions, saveSnippetOptions } from './snippet-options';
import { ENGINES, addTestIntegration, testOnEngine, type EngineKind } from './test-helpers';

const CLIENT_ID = 'sbx0123456789abc';
let sandboxId: number;
let realId: number;

/** The test database on `kind`, with a sandbox and a real integration in it before each test. */
function withIntegrations(kind: EngineKind) {
  testOnEngine(kind);
  beforeEach(async () => {
    sandboxId = await addTestIntegration({
      name: 'Sandbox',
      endpoint: 'http://127.0.0.1:3000/sandbox',
      isSandbox: true,
      clientId: CLIENT_ID,
    });
    realId = await addTestIntegration({
      name: 'Shop',
      endpoint: 'https://app3.salesmanago.com',
      isSandbox: false,
      clientId: 'abc123def456',
    });
  });
}

const validationError = async (fn: () => Promise<unknown>): Promise<ValidationError> => {
  try {
    await fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ValidationError);
    return err as ValidationError;
  }
  throw new Error('expected a ValidationError');
};

describe.each(ENGINES)('snippet options and code on %s', { timeout: PG_TEST_TIMEOUT }, (kind) => {
  withIntegrations(kind);
  it('renders the sandbox code with the default options until some are saved', async () => {
    const { html, options } = await getSnippet(sandboxId);
    expect(options).toMatchObject({ smcustom: false, popups: false, format: 'readable', extraCommands: [] });
    expect(html).toContain(`var _smid = "${CLIENT_ID}";`);
    expect(html).toContain("'http://127.0.0.1:3000/sandbox/static/sm.js'");
  });

  it('saves options, and the code follows; format alone keeps the saved options', async () => {
    await saveSnippetOptions(sandboxId, {
      smcustom: true,
      cookieLifetimeDays: 30,
      extraCommands: ["sm('a', 1)"],
    });
    expect(await getSnippetOptions(sandboxId)).toMatchObject({ smcustom: true, cookieLifetimeDays: 30 });
    expect((await getSnippet(sandboxId)).html).toMatch(/var _smcustom = true;\n\s+var _smclt = 30;/);
    const minified = await getSnippet(sandboxId, new URLSearchParams('format=minified'));
    expect(minified.html).not.toContain('\n');
    expect(minified.options).toMatchObject({ smcustom: true, format: 'minified' });
    // Naming any option replaces the saved ones for this answer only.
    const other = await getSnippet(sandboxId, new URLSearchParams('popups=1&smcustom=0'));
    expect(other.options).toMatchObject({ smcustom: false, popups: true, extraCommands: [] });
    expect((await getSnippetOptions(sandboxId)).smcustom).toBe(true);
  });

  it.each([
    [{ extraCommands: ["sm('a');alert(1)"] }, 'extraCommands.0'],
    [{ extraCommands: ['</script><script>alert(1)</script>'] }, 'extraCommands.0'],
    [{ smapp: '1;alert(1)' }, 'smapp'],
    [{ cookieLifetimeDays: 99999 }, 'cookieLifetimeDays'],
    [{ colour: 'red' }, '_'],
  ])('refuses hostile or bad options %j and keeps the saved ones', async (input, field) => {
    const before = await getSnippetOptions(sandboxId);
    const err = await validationError(() => saveSnippetOptions(sandboxId, input));
    expect(Object.keys(err.fieldErrors ?? {})).toContain(field);
    expect(await getSnippetOptions(sandboxId)).toEqual(before);
  });

  it('refuses bad query parameters with the parameter named', async () => {
    const err = await validationError(() =>
      getSnippet(sandboxId, new URLSearchParams('smapp=1;alert(1)&format=pretty')),
    );
    expect(Object.keys(err.fieldErrors ?? {})).toEqual(expect.arrayContaining(['smapp', 'format']));
    expect(err.message).toMatch(/^The snippet options in the address are not valid \(smapp: /);
  });
});

describe.each(ENGINES)('checkIntegrationSnippet on %s', { timeout: PG_TEST_TIMEOUT }, (kind) => {
  withIntegrations(kind);
  it('says an exact copy matches, and names a changed client ID', async () => {
    const { html, options } = await getSnippet(realId);
    const ok = await checkIntegrationSnippet(realId, { html, options });
    expect(ok.status).toBe('ok');
    expect(ok.findings[0]?.message).toBe('The code matches exactly.');
    const wrong = await checkIntegrationSnippet(realId, { html: html.replace('abc123def456', 'zzz999') });
    expect(wrong.status).toBe('problems');
    expect(wrong.findings.map((f) => f.kind)).toContain('client-id-mismatch');
  });

  it.each([
    [{}, 'html'],
    [{ html: '   ' }, 'html'],
    [{ url: '' }, 'url'],
    [{ html: 'x', url: 'https://shop.example/' }, '_'],
    [{ html: 'x', options: { smcustom: 'yes' } }, 'options.smcustom'],
  ])('refuses %j', async (input, field) => {
    const err = await checkIntegrationSnippet(realId, input).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect(Object.keys((err as ValidationError).fieldErrors ?? {})).toContain(field);
  });

  describe('with a page URL (loopback only)', () => {
    let server: http.Server;
    let origin: string;
    let hits = 0;
    beforeAll(async () => {
      server = http.createServer((_req, res) => {
        hits++;
        // A test page: a failed read ends the answer empty, which the check reports as no code found.
        getSnippet(realId).then(
          (s) => res.end(`<html><body>${s.html}</body></html>`),
          () => res.end(),
        );
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise((resolve) => server.close(resolve)));

    it('refuses a loopback page unless allow-listed, with the reason on the url field', async () => {
      const err = await checkIntegrationSnippet(realId, { url: `${origin}/` }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ValidationError);
      expect((err as ValidationError).fieldErrors?.url?.[0]).toMatch(/loopback address/);
      expect(hits).toBe(0);
    });

    it('checks an allow-listed page and says what it read', async () => {
      const result = await checkIntegrationSnippet(
        realId,
        { url: `${origin}/shop` },
        { allowHosts: '127.0.0.1' },
      );
      expect(result.status).toBe('ok');
      expect(result.source).toMatchObject({ url: `${origin}/shop`, finalUrl: `${origin}/shop` });
      expect(result.source?.bytes).toBeGreaterThan(100);
    });
  });
});

// recordSandboxVisit is SQLite-only until lib/data/sandbox.ts moves (issue 17); installation.test.ts
// reads visits on both engines.
describe('getInstallation after the sandbox reports a visit', () => {
  withIntegrations('sqlite');
  it('waits for the sandbox sm.js to report, then names the page; a real account names the last page check that found it', async () => {
    expect(await getInstallation(sandboxId)).toEqual({ detection: 'sandbox', lastSeen: null });
    await recordSandboxVisit(CLIENT_ID, 'https://shop.example/cart', 'test');
    expect(await getInstallation(sandboxId)).toMatchObject({
      detection: 'sandbox',
      lastSeen: { url: 'https://shop.example/cart', at: expect.any(Number) },
    });
    await recordCodeSeen(realId, 'https://shop.example/', 1_800_000_000_000);
    expect(await getInstallation(realId)).toEqual({
      detection: 'page-check',
      lastSeen: { url: 'https://shop.example/', at: 1_800_000_000_000 },
    });
  });
});
