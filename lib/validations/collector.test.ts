import { describe, expect, it } from 'vitest';

import { fieldErrorsOf } from './common';
import {
  DEFAULT_ALLOWED_TYPES,
  MAX_ALLOWED_ORIGINS,
  collectorSettingsSchema,
  forgeableTypesWarning,
} from './collector';

function errorsOf(input: unknown): Record<string, string[]> {
  const result = collectorSettingsSchema.safeParse(input);
  if (result.success) throw new Error('expected a validation failure');
  return fieldErrorsOf(result.error);
}

describe('collectorSettingsSchema', () => {
  it('accepts a partial update', () => {
    expect(collectorSettingsSchema.parse({})).toEqual({});
    expect(collectorSettingsSchema.parse({ enabled: true })).toEqual({ enabled: true });
  });

  it('normalises and de-duplicates origins', () => {
    const parsed = collectorSettingsSchema.parse({
      allowedOrigins: [
        'https://Shop.Example.com/',
        'https://shop.example.com',
        'https://*.example.org',
        'http://localhost:8080',
      ],
    });
    expect(parsed.allowedOrigins).toEqual([
      'https://shop.example.com',
      'https://*.example.org',
      'http://localhost:8080',
    ]);
  });

  it('puts each bad origin under its own index with the reason', () => {
    const errors = errorsOf({
      allowedOrigins: ['https://ok.example.com', '*', 'https://shop.example.com/cart'],
    });
    expect(errors['allowedOrigins.1']?.[0]).toMatch(/every website/);
    expect(errors['allowedOrigins.2']?.[0]).toMatch(/has a path/);
    expect(errors).not.toHaveProperty('allowedOrigins.0');
  });

  it(`allows at most ${MAX_ALLOWED_ORIGINS} origins`, () => {
    const many = Array.from({ length: MAX_ALLOWED_ORIGINS + 1 }, (_, i) => `https://s${i}.example.com`);
    expect(errorsOf({ allowedOrigins: many }).allowedOrigins?.[0]).toMatch(/at most 50/);
    expect(collectorSettingsSchema.parse({ allowedOrigins: many.slice(1) }).allowedOrigins).toHaveLength(50);
  });

  it('upper-cases and de-duplicates types, and needs at least one', () => {
    expect(collectorSettingsSchema.parse({ allowedTypes: ['cart', 'CART', ' visit '] }).allowedTypes).toEqual(
      ['CART', 'VISIT'],
    );
    expect(errorsOf({ allowedTypes: [] }).allowedTypes?.[0]).toMatch(/at least one/);
    expect(errorsOf({ allowedTypes: ['CART', 'BUY'] })['allowedTypes.1']?.[0]).toMatch(
      /"BUY" is not an event type/,
    );
  });

  it('refuses wrong types and unknown settings', () => {
    expect(errorsOf({ enabled: 'yes' }).enabled?.[0]).toMatch(/true or false/);
    expect(errorsOf({ allowedOrigins: 'https://shop.example.com' }).allowedOrigins?.[0]).toMatch(/list/);
    expect(errorsOf({ origins: [] })._?.[0]).toMatch(/Unknown collector setting: origins/);
  });
});

describe('forgeableTypesWarning', () => {
  it('is silent for the default types and warns about the others', () => {
    expect(forgeableTypesWarning(DEFAULT_ALLOWED_TYPES)).toBeUndefined();
    const warning = forgeableTypesWarning(['CART', 'PURCHASE']);
    expect(warning).toContain('PURCHASE');
    expect(warning).not.toContain('CART');
    expect(warning).toMatch(/fake purchases/);
  });
});
