import { describe, expect, it } from 'vitest';

import { PG_TEST_TIMEOUT } from '@/db/test-helpers';
import { ConflictError, NotFoundError, ValidationError } from '@/lib/errors';
import { createTemplate, deleteTemplate, getDetailLabels, listTemplates, setDetailLabels } from './templates';
import { ENGINES, addTestIntegration, testOnEngine } from './test-helpers';

const purchase = (value: number) => ({ type: 'PURCHASE', value, detail9: 'EUR' });

describe.each(ENGINES)('templates on %s', { timeout: PG_TEST_TIMEOUT }, (kind) => {
  testOnEngine(kind);

  it("lists an integration's own templates by name, with their event fields as saved", async () => {
    const shop = await addTestIntegration({ name: 'Shop' });
    const other = await addTestIntegration({ name: 'Other' });
    await createTemplate(shop, { name: 'Small order', event: purchase(5) });
    const big = await createTemplate(shop, { name: 'Big order', event: purchase(500) });
    await createTemplate(other, { name: 'Big order', event: purchase(1) });
    expect(big).toMatchObject({ integrationId: shop, name: 'Big order', type: 'PURCHASE' });
    expect(big.event).toMatchObject({ type: 'PURCHASE', value: 500, detail9: 'EUR' });
    const list = await listTemplates(shop);
    expect(list.map((t) => t.name)).toEqual(['Big order', 'Small order']);
    expect(list[0]).toEqual(big);
  });

  it('refuses a second template of the same name, also when two saves race', async () => {
    const shop = await addTestIntegration();
    await createTemplate(shop, { name: 'Order', event: purchase(1) });
    await expect(createTemplate(shop, { name: 'Order', event: purchase(2) })).rejects.toBeInstanceOf(
      ConflictError,
    );
    const raced = await Promise.allSettled([
      createTemplate(shop, { name: 'Twice', event: purchase(1) }),
      createTemplate(shop, { name: 'Twice', event: purchase(2) }),
    ]);
    expect(raced.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(raced.find((r) => r.status === 'rejected')?.reason).toBeInstanceOf(ConflictError);
    expect((await listTemplates(shop)).map((t) => t.name)).toEqual(['Order', 'Twice']);
  });

  it('refuses event fields that are not valid, and an integration that does not exist', async () => {
    const shop = await addTestIntegration();
    await expect(createTemplate(shop, { name: 'Bad', event: { value: 'lots' } })).rejects.toBeInstanceOf(
      ValidationError,
    );
    await expect(createTemplate(404, { name: 'X', event: purchase(1) })).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(listTemplates(404)).rejects.toBeInstanceOf(NotFoundError);
    expect(await listTemplates(shop)).toEqual([]);
  });

  it('deletes a template of its own integration only', async () => {
    const shop = await addTestIntegration({ name: 'Shop' });
    const other = await addTestIntegration({ name: 'Other' });
    const t = await createTemplate(shop, { name: 'Order', event: purchase(1) });
    await expect(deleteTemplate(other, t.id)).rejects.toBeInstanceOf(NotFoundError);
    await deleteTemplate(shop, t.id);
    expect(await listTemplates(shop)).toEqual([]);
    await expect(deleteTemplate(shop, t.id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('keeps detail slot names per integration, empty names left out', async () => {
    const shop = await addTestIntegration({ name: 'Shop' });
    const other = await addTestIntegration({ name: 'Other' });
    expect(await getDetailLabels(shop)).toEqual({});
    expect(await setDetailLabels(shop, { detail9: ' Currency ', detail1: '' })).toEqual({
      detail9: 'Currency',
    });
    expect(await getDetailLabels(shop)).toEqual({ detail9: 'Currency' });
    expect(await getDetailLabels(other)).toEqual({});
    await expect(setDetailLabels(404, { detail1: 'x' })).rejects.toBeInstanceOf(NotFoundError);
  });
});
