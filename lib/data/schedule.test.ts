import { describe, expect, it } from 'vitest';

import { schema } from '@/db';
import { PG_TEST_TIMEOUT } from '@/db/test-helpers';
import { db } from './engine';
import { claimTick, finishTick, forgetTicksAfter, lastTickSlot } from './schedule';
import { ENGINES, testOnEngine } from './test-helpers';

describe.each(ENGINES)('scheduled tick claims on %s', { timeout: PG_TEST_TIMEOUT }, (kind) => {
  testOnEngine(kind);

  it('a slot is claimed once, and never after a later one', async () => {
    expect(await lastTickSlot('checks')).toBeNull();
    expect(await claimTick('checks', 5, 1000)).toBe(true);
    expect(await claimTick('checks', 5, 1001)).toBe(false);
    expect(await claimTick('checks', 4, 1002)).toBe(false);
    expect(await claimTick('checks', 6, 1003)).toBe(true);
    expect(await lastTickSlot('checks')).toBe(6);
    expect(await claimTick('other', 1, 1004)).toBe(true);
  });

  it('finishing records the end of the claimed slot only', async () => {
    await claimTick('checks', 5, 1000);
    await finishTick('checks', 5, 2000, 'x'.repeat(600));
    await finishTick('checks', 4, 3000);
    const [row] = await db().select().from(schema.scheduledTicks);
    expect(row).toMatchObject({ finishedAt: 2000, lastError: 'x'.repeat(500) });
  });

  it('forgets ticks claimed after the clock went back', async () => {
    await claimTick('checks', 10, 1000);
    await claimTick('other', 3, 1000);
    await forgetTicksAfter(() => 4);
    expect(await lastTickSlot('checks')).toBe(3);
    expect(await lastTickSlot('other')).toBe(3);
    expect(await claimTick('checks', 4, 1001)).toBe(true);
  });
});
