import { describe, expect, it } from 'vitest';

import {
  INCIDENT_THRESHOLD_DEFAULTS as D,
  incidentChangeSchema,
  incidentThresholdsSchema,
  thresholdsOf,
} from './incident';

describe('incident thresholds', () => {
  it('accept whole numbers from 1, the failure window up to a day', () => {
    expect(incidentThresholdsSchema.parse({ ...D, failureRateWindowMinutes: 1440 })).toMatchObject({
      failureRateWindowMinutes: 1440,
    });
  });

  it('refuse 0 or below, fractions, a window over 24 hours, missing or unknown fields, each under its name', () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ ...D, failureRatePercent: 0 }, 'failureRatePercent'],
      [{ ...D, backlogMinutes: -1 }, 'backlogMinutes'],
      [{ ...D, failureRateWindowMinutes: 1441 }, 'failureRateWindowMinutes'],
      [{ ...D, websiteSilentHours: 1.5 }, 'websiteSilentHours'],
      [{ ...D, failureRatePercent: 101 }, 'failureRatePercent'],
      [{ ...D, snippetGoneHours: '24' }, 'snippetGoneHours'],
      [{ ...D, failureRateMinDeliveries: undefined }, 'failureRateMinDeliveries'],
      [{ ...D, extra: 1 }, ''],
    ];
    for (const [input, field] of cases) {
      const result = incidentThresholdsSchema.safeParse(input);
      expect(result.success, JSON.stringify(input)).toBe(false);
      if (field) expect(result.error!.issues[0]!.path).toEqual([field]);
    }
  });

  it('stored values win over the defaults; anything unreadable falls back to them', () => {
    expect(thresholdsOf(null)).toEqual(D);
    expect(thresholdsOf({ backlogMinutes: 30 })).toEqual({ ...D, backlogMinutes: 30 });
    expect(thresholdsOf({ backlogMinutes: 0 })).toEqual(D);
  });
});

describe('an incident changed by PATCH', () => {
  it('becomes acknowledged, or resolved with an optional note', () => {
    expect(incidentChangeSchema.parse({ state: 'acknowledged' })).toEqual({ state: 'acknowledged' });
    expect(incidentChangeSchema.parse({ state: 'resolved', reason: '  rotated back  ' })).toEqual({
      state: 'resolved',
      reason: 'rotated back',
    });
  });

  it('refuses other states, a note on an acknowledgement, unknown keys and a note past 500 characters', () => {
    for (const input of [
      { state: 'open' },
      {},
      { state: 'acknowledged', reason: 'x' },
      { state: 'resolved', constructor: 'x' },
      { state: 'resolved', reason: 'x'.repeat(501) },
    ]) {
      expect(incidentChangeSchema.safeParse(input).success, JSON.stringify(input)).toBe(false);
    }
  });
});
