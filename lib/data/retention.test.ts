import { describe, expect, it } from 'vitest';

import { PG_TEST_TIMEOUT } from '@/db/test-helpers';
import { INCIDENT_THRESHOLD_DEFAULTS } from '@/lib/validations/incident';
import { getIncidentThresholds, setIncidentThresholds } from './incident-thresholds';
import {
  getRetention,
  recordRetentionRun,
  retentionScopes,
  updateGlobalRetention,
  updateIntegrationRetention,
} from './retention';
import { ENGINES, addTestIntegration, testOnEngine } from './test-helpers';

const DAY = 86_400_000;
const NOW = 1_800_000_000_000;

describe.each(ENGINES)('retention and incident thresholds on %s', { timeout: PG_TEST_TIMEOUT }, (kind) => {
  testOnEngine(kind);

  it("console-wide values and per-integration overrides make each scope's cut-offs", async () => {
    const shop = await addTestIntegration({ name: 'Beta shop' });
    const other = await addTestIntegration({ name: 'Alpha shop' });
    expect(await getRetention()).toEqual({
      global: { bodiesDays: 90, deliveriesDays: 365 },
      integrations: [
        { id: other, name: 'Alpha shop', bodiesDays: null, deliveriesDays: null },
        { id: shop, name: 'Beta shop', bodiesDays: null, deliveriesDays: null },
      ],
      lastRun: null,
    });
    await updateGlobalRetention({ bodiesDays: 30, deliveriesDays: 60 });
    // Bodies never outlive their delivery, whichever value came from where.
    await updateIntegrationRetention(shop, { bodiesDays: null, deliveriesDays: 10 });
    await expect(
      updateIntegrationRetention(shop + 100, { bodiesDays: 1, deliveriesDays: 2 }),
    ).rejects.toThrow(/does not exist/);
    await expect(updateGlobalRetention({ bodiesDays: 90, deliveriesDays: 60 })).rejects.toThrow();
    expect(await retentionScopes(NOW)).toEqual([
      { integrationId: other, bodiesBefore: NOW - 30 * DAY, deliveriesBefore: NOW - 60 * DAY },
      { integrationId: shop, bodiesBefore: NOW - 10 * DAY, deliveriesBefore: NOW - 10 * DAY },
      { integrationId: null, bodiesBefore: NOW - 30 * DAY, deliveriesBefore: NOW - 60 * DAY },
    ]);
    const run = { at: NOW, bodies: 3, deliveries: 2, freedBytes: 4096 };
    await recordRetentionRun(run);
    expect((await getRetention()).lastRun).toEqual(run);
  });

  it("an integration's incident thresholds: the defaults until set, then what was set; 404 without it", async () => {
    const shop = await addTestIntegration();
    expect(await getIncidentThresholds(shop)).toEqual(INCIDENT_THRESHOLD_DEFAULTS);
    const after = { ...INCIDENT_THRESHOLD_DEFAULTS, backlogMinutes: 45 };
    expect(await setIncidentThresholds(shop, after)).toEqual({ before: INCIDENT_THRESHOLD_DEFAULTS, after });
    expect(await getIncidentThresholds(shop)).toEqual(after);
    await expect(setIncidentThresholds(shop, { ...after, backlogMinutes: 0 })).rejects.toThrow();
    expect(await getIncidentThresholds(shop)).toEqual(after);
    await expect(getIncidentThresholds(shop + 100)).rejects.toThrow(/does not exist/);
    await expect(setIncidentThresholds(shop + 100, after)).rejects.toThrow(/does not exist/);
  });
});
