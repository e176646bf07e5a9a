import { describe, expect, it } from 'vitest';

import { describeIntegrationChange } from './audit-describe';

describe('describeIntegrationChange', () => {
  it('names changed fields and replaced secrets without their values', () => {
    const text = describeIntegrationChange({
      name: 'Shop',
      owner: 'o@example.com',
      apiSecret: 'TOP-SECRET-VALUE',
      apiKey: '',
    });
    expect(text).toBe('Changed name, owner; replaced the API secret.');
    expect(text).not.toContain('TOP-SECRET');
  });

  it('describes collector changes', () => {
    expect(
      describeIntegrationChange({
        collector: { enabled: true, allowedOrigins: ['https://a.example.com'], allowedTypes: ['CART'] },
      }),
    ).toBe('Website events switched on; allowed origins: https://a.example.com; allowed types: CART.');
  });
});
