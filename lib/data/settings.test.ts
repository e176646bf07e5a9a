import { describe, expect, it } from 'vitest';

import { PG_TEST_TIMEOUT } from '@/db/test-helpers';
import { readSetting, writeSetting } from './settings';
import { ENGINES, testOnEngine } from './test-helpers';

describe.each(ENGINES)('settings on %s', { timeout: PG_TEST_TIMEOUT }, (kind) => {
  testOnEngine(kind);

  it('reads nothing for a setting never written', async () => {
    expect(await readSetting('retention')).toBeUndefined();
  });

  it('gives back the JSON value as written, nested objects and arrays included', async () => {
    const value = { deliveries: 90, nested: { on: true, list: [1, 'two', null] } };
    await writeSetting('retention', value);
    expect(await readSetting('retention')).toEqual(value);
  });

  it('a second write replaces the value of the same key and leaves other keys alone', async () => {
    await writeSetting('notifications', { reminderHours: 4 });
    await writeSetting('retention', { deliveries: 30 });
    await writeSetting('retention', { deliveries: 60 });
    expect(await readSetting('retention')).toEqual({ deliveries: 60 });
    expect(await readSetting('notifications')).toEqual({ reminderHours: 4 });
  });

  it('keeps a bare number or string as a value', async () => {
    await writeSetting('exports.lastCleanup', 1_700_000_000_000);
    await writeSetting('incidents.websiteScan', 'text');
    expect(await readSetting('exports.lastCleanup')).toBe(1_700_000_000_000);
    expect(await readSetting('incidents.websiteScan')).toBe('text');
  });
});
