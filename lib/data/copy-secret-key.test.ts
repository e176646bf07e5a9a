import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

import { deriveKey, keyCheckValue, seal } from '@/lib/secret-box';
import { secretKeyAdvice } from './copy-secret-key';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'copy-key-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const ENV_KEY = 'the-key-set-in-the-environment-long';
const FILE_KEY = 'ab'.repeat(32);
const keyFile = path.join(dir, 'secret.key');
const missingFile = path.join(dir, 'none', 'secret.key');
fs.writeFileSync(keyFile, `${FILE_KEY}\n`);
const sealedWith = (material: string) => seal('api-secret', deriveKey(material));

describe('which APP_SECRET_KEY a copied console needs', () => {
  it('the environment key when it decrypts the stored secrets', () => {
    expect(secretKeyAdvice({ appSecretKey: ENV_KEY, keyFile, sample: sealedWith(ENV_KEY) })).toMatch(
      /with the same APP_SECRET_KEY as this one/,
    );
  });

  it("the generated key file's contents, named by its path and never printed", () => {
    const advice = secretKeyAdvice({ keyFile, sample: sealedWith(FILE_KEY) });
    expect(advice).toContain(`set to the contents of ${keyFile}`);
    expect(advice).not.toContain(FILE_KEY);
  });

  it('refuses an environment key the secrets were not encrypted with, pointing at the file that fits', () => {
    expect(() => secretKeyAdvice({ appSecretKey: ENV_KEY, keyFile, sample: sealedWith(FILE_KEY) })).toThrow(
      `APP_SECRET_KEY is set, but the SQLite console's secrets were encrypted with the key in ${keyFile}: unset APP_SECRET_KEY (or set it to that file's contents) and copy again.`,
    );
    expect(() =>
      secretKeyAdvice({
        appSecretKey: ENV_KEY,
        keyFile,
        sample: sealedWith('a-third-key-that-none-of-us-has-seen'),
      }),
    ).toThrow(/^APP_SECRET_KEY is set, but it is not the key/);
  });

  it('refuses a key file that does not fit, and secrets with no key at all', () => {
    expect(() => secretKeyAdvice({ keyFile, sample: sealedWith(ENV_KEY) })).toThrow(
      /were not encrypted with the key in .*secret\.key: set APP_SECRET_KEY/,
    );
    expect(() => secretKeyAdvice({ keyFile: missingFile, sample: sealedWith(ENV_KEY) })).toThrow(
      /APP_SECRET_KEY is unset and there is no .*secret\.key/,
    );
  });

  it('any key of one’s choice when nothing is encrypted yet', () => {
    expect(secretKeyAdvice({ keyFile: missingFile })).toMatch(/^No secret is stored yet/);
  });
});

describe('the key check value the SQLite console stored', () => {
  const check = (material: string) => keyCheckValue(deriveKey(material));

  it('proves the key like a stored secret does, even when no secret is stored', () => {
    expect(secretKeyAdvice({ keyFile, keyCheck: check(FILE_KEY) })).toContain(
      `set to the contents of ${keyFile}`,
    );
    expect(secretKeyAdvice({ appSecretKey: ENV_KEY, keyFile, keyCheck: check(ENV_KEY) })).toMatch(
      /with the same APP_SECRET_KEY as this one/,
    );
  });

  it('refuses a key that decrypts nothing stored but does not match the check value', () => {
    expect(() =>
      secretKeyAdvice({ appSecretKey: ENV_KEY, keyFile: missingFile, keyCheck: check(FILE_KEY) }),
    ).toThrow(/^APP_SECRET_KEY is set, but it is not the key/);
    expect(() => secretKeyAdvice({ keyFile: missingFile, keyCheck: check(FILE_KEY) })).toThrow(
      /APP_SECRET_KEY is unset and there is no .*secret\.key/,
    );
  });
});
