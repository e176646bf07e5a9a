import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

import { PG_TEST_TIMEOUT } from '@/db/test-helpers';
import { loadSecretKey, secretKeySource } from '@/lib/crypto';
import { KEY_CHECK_SETTING, readSetting } from './settings';
import { ENGINES, testOnEngine } from './test-helpers';
import { deriveKey, keyCheckValue } from '@/lib/secret-box';
import { checkSecretKey } from './key-check';

const FIRST_KEY = 'the-key-every-instance-shares-0123456789';
const OTHER_KEY = 'a-key-another-instance-was-given-by-mistake';
const checkOf = (material: string) => keyCheckValue(deriveKey(material));

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'key-check-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('the key check value', () => {
  it('is the same for the same key however it is given, differs for another, and is not the key', () => {
    const hex = 'ab'.repeat(32);
    expect(checkOf(FIRST_KEY)).toBe(checkOf(FIRST_KEY));
    expect(checkOf(FIRST_KEY)).not.toBe(checkOf(OTHER_KEY));
    expect(checkOf(FIRST_KEY)).toMatch(/^[0-9a-f]{64}$/);
    // A generated key file and APP_SECRET_KEY set to its contents are one key (db:copy's advice relies on it).
    fs.writeFileSync(path.join(dir, 'secret.key'), `${hex}\n`);
    expect(keyCheckValue(loadSecretKey(undefined, dir))).toBe(keyCheckValue(loadSecretKey(hex, dir)));
    expect(checkOf(hex)).not.toContain(hex);
  });

  it('names the key by where it comes from, never by its value', () => {
    expect(secretKeySource(FIRST_KEY, dir)).toBe('APP_SECRET_KEY');
    expect(secretKeySource(undefined, dir)).toBe(`The key in ${path.join(dir, 'secret.key')}`);
  });
});

describe.each(ENGINES)('checkSecretKey on %s', { timeout: PG_TEST_TIMEOUT }, (kind) => {
  testOnEngine(kind);

  it('stores the first start’s check value, and lets every start with the same key through', async () => {
    await checkSecretKey(checkOf(FIRST_KEY), 'APP_SECRET_KEY');
    expect(await readSetting(KEY_CHECK_SETTING)).toBe(checkOf(FIRST_KEY));
    await checkSecretKey(checkOf(FIRST_KEY), 'APP_SECRET_KEY');
    expect(await readSetting(KEY_CHECK_SETTING)).toBe(checkOf(FIRST_KEY));
  });

  it('stops a start with another APP_SECRET_KEY with one sentence, writing nothing', async () => {
    await checkSecretKey(checkOf(FIRST_KEY), 'APP_SECRET_KEY');
    await expect(checkSecretKey(checkOf(OTHER_KEY), 'APP_SECRET_KEY')).rejects.toThrow(
      /^APP_SECRET_KEY differs from the key this database was set up with: every instance must use the same key, so each can read the secrets the others stored; set it to the key the other instances use \(the one this database was first started with\)\. Only this build's migrations were applied; nothing else was written\.$/,
    );
    expect(await readSetting(KEY_CHECK_SETTING)).toBe(checkOf(FIRST_KEY));
  });

  it('stops a console whose generated key file is not the one the database was set up with', async () => {
    await checkSecretKey(checkOf(FIRST_KEY), 'APP_SECRET_KEY');
    const source = secretKeySource(undefined, dir);
    await expect(checkSecretKey(checkOf(OTHER_KEY), source)).rejects.toThrow(
      `${source} differs from the key this database was set up with`,
    );
  });

  it('two instances starting together with different keys: one stores its value, the other stops', async () => {
    const results = await Promise.allSettled([
      checkSecretKey(checkOf(FIRST_KEY), 'APP_SECRET_KEY'),
      checkSecretKey(checkOf(OTHER_KEY), 'APP_SECRET_KEY'),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const stored = await readSetting(KEY_CHECK_SETTING);
    expect(stored).toBe(results[0]!.status === 'fulfilled' ? checkOf(FIRST_KEY) : checkOf(OTHER_KEY));
  });
});
